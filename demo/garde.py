"""Les commandes de démonstration qui écrivent ne tournent qu'en développement, sauf --force."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

AIDE_FORCE = "Autorise l'exécution hors DEBUG (jamais sur la base d'un serveur public)."


def base_visee(alias=DEFAULT_DB_ALIAS):
    """« portail » (postgresql) : la base qu'une commande modifierait, sans s'y connecter."""
    connexion = connections[alias]
    return f"« {connexion.settings_dict['NAME']} » ({connexion.vendor})"


def exiger_developpement(commande, ce_qu_elle_ferait, *, force):
    """Refuse, avant toute écriture, une commande de démonstration lancée hors DEBUG sans
    --force : sur un serveur, elle mêlerait des données fictives aux vraies."""
    if settings.DEBUG or force:
        return
    raise CommandError(
        f"{commande} {ce_qu_elle_ferait} dans la base {base_visee()} : refusé hors "
        "développement (DEBUG n'est pas à 1). Sur un poste de développement, relancez avec "
        "DEBUG=1 ; pour l'exécuter quand même sur cette base, ajoutez --force."
    )
