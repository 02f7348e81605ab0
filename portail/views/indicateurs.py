"""L'export public des valeurs des indicateurs (CSV pour un tableur français)."""

import csv
import re

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from indicateurs import series
from indicateurs.models import Indicateur

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
NOMBRE_FRANCAIS = re.compile(r"-?\d+(,\d+)?")


def cellule_csv(texte):
    """Un tableur exécuterait `=SUM(A1)` saisi comme nom de quartier : toute cellule qui
    commence comme une formule est préfixée d'une apostrophe (sauf nos nombres négatifs)."""
    texte = str(texte)
    if texte[:1] in {"=", "+", "-", "@", "\t", "\r"} and not NOMBRE_FRANCAIS.fullmatch(texte):
        return "'" + texte
    return texte


@require_GET
def export_csv(request):
    """Toutes les valeurs publiques, pour un tableur français : UTF-8 avec BOM, « ; »."""
    indicateurs = list(Indicateur.objects.visibles().pour_liste())
    resultats = series.series_completes(indicateurs)
    nom = f"indicateurs-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    response.write("\ufeff")
    ecrivain = csv.writer(response, delimiter=";")
    ecrivain.writerow(COLONNES_CSV)
    for indicateur in indicateurs:
        nature = indicateur.get_nature_display()
        unite = indicateur.unite or (
            "%" if indicateur.type_valeur == Indicateur.TypeValeur.POURCENTAGE else ""
        )
        for serie in resultats[indicateur.pk].toutes:
            for point in serie:
                ligne = [
                    indicateur.libelle,
                    indicateur.fiche.code,
                    nature,
                    point.annee,
                    serie.quartier.nom if serie.quartier else "",
                    serie.dispositif.nom if serie.dispositif else "",
                    point.pour_export,
                    unite,
                    point.source or indicateur.source,
                    "oui" if point.est_exemple else "non",
                ]
                ecrivain.writerow([cellule_csv(cellule) for cellule in ligne])
    return response
