"""L'export public des valeurs des indicateurs (CSV pour un tableur français)."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from indicateurs import series
from indicateurs.models import Indicateur
from portail import tableurs

COLONNES_CSV = [
    "indicateur",
    "fiche",
    "nature",
    "année",
    "quartier",
    "dispositif",
    "valeur",
    "unité",
    "source",
    "exemple",
]


def _lignes(indicateurs, resultats):
    for indicateur in indicateurs:
        nature = indicateur.get_nature_display()
        unite = indicateur.unite or (
            "%" if indicateur.type_valeur == Indicateur.TypeValeur.POURCENTAGE else ""
        )
        for serie in resultats[indicateur.pk].toutes:
            for point in serie:
                yield [
                    indicateur.libelle,
                    indicateur.fiche.code,
                    nature,
                    point.annee,
                    serie.quartier.nom if serie.quartier else "",
                    serie.dispositif.nom if serie.dispositif else "",
                    point.pour_export,
                    unite,
                    point.source or indicateur.source,
                    point.est_exemple,
                ]


@require_GET
def export_csv(request):
    """Toutes les valeurs publiques, pour un tableur français : UTF-8 avec BOM, « ; »."""
    indicateurs = list(Indicateur.objects.visibles().pour_liste())
    resultats = series.series_completes(indicateurs)
    return tableurs.reponse_csv(
        f"indicateurs-{timezone.localdate():%Y-%m-%d}",
        COLONNES_CSV,
        _lignes(indicateurs, resultats),
        dialecte=tableurs.TABLEUR_FRANCAIS,
    )
