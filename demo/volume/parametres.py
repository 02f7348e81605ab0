"""Tailles, graine et marques des lots de volume."""

from contrat_ville.publication import Statut

PREFIXE = "vol-"
MARQUE_LOT = r"^vol-r[0-9]+(-|$)"
GRAINE_PAR_DEFAUT = 1789
TAILLE_LOT_SQL = 2000

# Volume de référence (facteur 1) ; chaque effectif vaut max(1, round(référence × facteur)).
REFERENCE = {
    "quartiers": 40,
    "structures": 200,
    "fiches": 20,
    "dispositifs": 300,
    "actions": 200,
    "articulations": 600,
    "seances": 1000,
    "indicateurs": 60,
    "mesures": 20000,
}
PARTICIPATIONS_PAR_SEANCE = 3  # en moyenne : 2, 3 ou 4 structures par séance
SUITES_PAR_SEANCE = 1  # en moyenne : 0, 1 ou 2 suites par séance
ANNEES_SEANCES = (2016, 2027)
ANNEES_MESURES = (2016, 2025)
ANNEE_MESURE_MINIMALE = 2000  # validateur de Mesure.periode

STATUTS = [Statut.PUBLIE, Statut.BROUILLON, Statut.RELECTURE, Statut.ARCHIVE]
POIDS_STATUTS = [90, 4, 3, 3]


def effectifs(facteur):
    return {nom: max(1, round(ref * facteur)) for nom, ref in REFERENCE.items()}


class VolumeImpossible(ValueError):
    """Le facteur est trop petit pour loger les effectifs demandés sans doublon."""
