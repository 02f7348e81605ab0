"""Vérifications du démarrage (`manage.py check`, et `migrate`, donc `make serve`)."""

from django.conf import settings
from django.core import checks


def ipware_derriere_un_proxy(app_configs, **kwargs):
    """Sans django-ipware, axes ignore AXES_IPWARE_PROXY_COUNT sans rien dire et compte les
    échecs de tous les visiteurs sous l'adresse du proxy : cinq erreurs d'un seul bloquent le
    compte pour tous."""
    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) is None:
        return []
    try:
        import ipware.ip  # noqa: F401
    except ImportError:
        return [
            checks.Error(
                "AXES_IPWARE_PROXY_COUNT est défini mais django-ipware n’est pas installé : "
                "les échecs de connexion seraient comptés sous l’adresse du proxy.",
                hint="Installer les dépendances du projet (make install), ou retirer "
                "AXES_IPWARE_PROXY_COUNT si aucun proxy ne précède le portail.",
                id="gestion.E001",
            )
        ]
    return []
