"""Le tableau de bord de l'espace équipe (son contenu : `gestion.tableau`)."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from contrat_ville.permissions import permission
from contrat_ville.publication import PUBLIER
from contrat_ville.registre import registre
from gestion import tableau
from gestion.acces import permission_requise
from portail import support


def _lire_tout():
    """Le tableau de bord montre des contenus de chaque type publiable : il faut pouvoir les lire
    tous."""
    return [permission(contenu.modele, "view") for contenu in registre.publiables()]


def _publier_tout():
    return [permission(contenu.modele, PUBLIER) for contenu in registre.publiables()]


@permission_requise(_lire_tout)
@require_GET
def tableau_de_bord(request):
    return TemplateResponse(
        request,
        "gestion/tableau_de_bord.html",
        {
            **tableau.tableau_de_bord(),
            "est_coordinateur": request.user.has_perms(_publier_tout()),
            "support_a_jour_au": support.jour_des_donnees(),
        },
    )
