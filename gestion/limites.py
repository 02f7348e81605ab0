"""Échecs permis par adresse sur les formulaires de /comptes/, en plus du verrouillage d'axes.

axes compte les échecs par identifiant depuis une adresse : il n'arrête ni celui qui essaie un
mot de passe courant sur beaucoup d'identifiants, ni celui qui devine l'ancien mot de passe d'une
session volée. Ces limites-là comptent les échecs d'une adresse (la même qu'axes : django-ipware,
réglé par AXES_IPWARE_*) dans le cache, partagé entre processus et machines avec REDIS_URL.

Fenêtres fixes de AXES_COOLOFF_MINUTES : un compteur par adresse et par fenêtre, créé par
`add` ou incrémenté par `incr`, deux opérations atomiques sur Redis.
"""

import math
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class LimiteParAdresse:
    nom: str
    reglage: str  # le réglage qui donne le nombre d'échecs permis

    @property
    def echecs_permis(self):
        return getattr(settings, self.reglage)

    @staticmethod
    def duree():
        return int(settings.AXES_COOLOFF_TIME.total_seconds())

    def _cle(self, request, fenetre):
        adresse = get_client_ip_address(request) or "inconnue"
        return f"limite-{self.nom}:{adresse}:{fenetre}"

    def attente(self, request):
        """Secondes avant de pouvoir réessayer depuis cette adresse ; 0 si l'essai est permis."""
        maintenant = time.time()
        fenetre = int(maintenant // self.duree())
        if cache.get(self._cle(request, fenetre), 0) < self.echecs_permis:
            return 0
        return math.ceil((fenetre + 1) * self.duree() - maintenant)

    def compter_echec(self, request):
        fenetre = int(time.time() // self.duree())
        cle = self._cle(request, fenetre)
        if cache.add(cle, 1, timeout=self.duree()):
            return
        try:
            cache.incr(cle)
        except ValueError:  # la clé a expiré ou a été évincée entre les deux
            cache.add(cle, 1, timeout=self.duree())


CONNEXION = LimiteParAdresse("connexion", "CONNEXION_ECHECS_PAR_ADRESSE")
MOT_DE_PASSE = LimiteParAdresse("mot-de-passe", "MOT_DE_PASSE_ECHECS_PAR_ADRESSE")
