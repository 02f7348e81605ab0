"""Format de sérialisation « json_precis » : le JSON de Django, sans perte de précision.

Le JSON standard de Django tronque les dates et heures à la milliseconde ; l'historique
(django-simple-history) en garderait des horodatages altérés après une restauration. Ce format
écrit les microsecondes ; la lecture est celle du JSON de Django.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as SerializerJSON

__all__ = ["Deserializer", "Serializer"]


class EncodeurPrecis(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            texte = o.isoformat()
            return texte.removesuffix("+00:00") + "Z" if texte.endswith("+00:00") else texte
        return super().default(o)


class Serializer(SerializerJSON):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = EncodeurPrecis
