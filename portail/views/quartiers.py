"""Pages publiques des quartiers : ce qui est accessible dans chacun."""

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from actions.models import ActionEducative
from contrat_ville.models import ContratDeVille, Lieu, Quartier
from dispositifs.models import Dispositif, Echelle
from indicateurs import series
from portail import support
from seances.models import Seance

SEANCES_PASSEES_AFFICHEES = 5


def _nombre(lignes):
    """Nombre de lignes d'une sous-requête, pour l'annoter sur chaque quartier en une seule
    requête (sans jointures multipliées entre dispositifs, actions et séances)."""
    compte = lignes.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(compte, output_field=IntegerField()), 0)


def quartiers_pour_liste():
    """Tous les quartiers, avec ce qui y est publié : le chargement de la liste, une requête.

    Compte comme `Dispositif.objects.publies().dans_quartier(q)` : les dispositifs propres au
    quartier plus ceux de plus grande échelle, accessibles partout.
    """
    dispositifs = Dispositif.objects.publies()
    return (
        Quartier.objects.annotate(
            nb_dispositifs_propres=_nombre(
                dispositifs.filter(echelle=Echelle.QUARTIERS, quartiers=OuterRef("pk"))
            ),
            nb_dispositifs=F("nb_dispositifs_propres")
            + _nombre(dispositifs.exclude(echelle=Echelle.QUARTIERS)),
            nb_actions=_nombre(ActionEducative.objects.publies().filter(quartiers=OuterRef("pk"))),
            nb_seances_a_venir=_nombre(
                Seance.objects.publies()
                .a_venir()
                .filter(quartier=OuterRef("pk"))
                .exclude(etat=Seance.Etat.ANNULEE)
            ),
        )
        .avec_classements()
        .order_by("commune", "nom")
    )


@require_GET
def quartier_list(request):
    """Les quartiers de la géographie en vigueur, puis ceux des contrats précédents seulement,
    chacun avec son classement par période."""
    contrat = ContratDeVille.objects.courant()
    actuels, anciens = [], []
    for quartier in quartiers_pour_liste():
        (actuels if quartier.statut_actuel else anciens).append(quartier)
    return TemplateResponse(
        request,
        "contrat_ville/quartier_list.html",
        {"contrat": contrat, "quartiers": actuels, "anciens_quartiers": anciens},
    )


@require_GET
def quartier_detail(request, slug):
    quartier = get_object_or_404(Quartier.objects.avec_classements(), slug=slug)
    dispositifs = list(Dispositif.objects.publies().dans_quartier(quartier))
    seances = Seance.objects.publies().filter(quartier=quartier)
    return TemplateResponse(
        request,
        "contrat_ville/quartier_detail.html",
        {
            "quartier": quartier,
            "dispositifs_propres": [d for d in dispositifs if d.est_local],
            "dispositifs_communs": [d for d in dispositifs if not d.est_local],
            "actions": ActionEducative.objects.publies()
            .dans_quartier(quartier)
            .select_related("porteur"),
            "lieux": Lieu.objects.publics().filter(quartiers=quartier).pour_affichage(),
            "seances_a_venir": seances.a_venir(),
            "seances_passees": seances.passees()[:SEANCES_PASSEES_AFFICHEES],
            "series": series.series_du_quartier(quartier),
            "support_a_jour_au": support.jour_des_donnees(),
        },
    )
