"""Données synthétiques en volume, pour mesurer les performances (commande `generer_volume`).

Tout ce qui est généré se reconnaît à son lot : contrat « vol-r<n> », identifiants d'URL
« vol-r<n>-… », codes de fiche « V<n>.<k> », codes QPV « QV… ». Plusieurs lots cohabitent sans
collision, et `vider()` ne supprime qu'eux, jamais les données de démonstration.

Tout passe par `bulk_create` : pas de `save()`, donc ni signal ni ligne d'historique — des
données synthétiques n'ont pas d'histoire à garder. Ce que `save()` calcule (les colonnes de
recherche des dispositifs) est donc calculé ici.

Modules : `parametres` (tailles, graine), `vocabulaire` (les mots, lus dans
`vocabulaire.toml`), `generateur` (l'aléa, les insertions, l'ordre des étapes), une étape par
module (`territoire`, `annuaire`, `fiches_et_indicateurs`, `actions_et_articulations`,
`seances_et_suites`, `mesures`) et `lots` (numéroter, vider).
"""

from demo.volume.generateur import Generateur, Resultat
from demo.volume.lots import vider
from demo.volume.parametres import (
    GRAINE_PAR_DEFAUT,
    REFERENCE,
    VolumeImpossible,
    effectifs,
)

__all__ = [
    "GRAINE_PAR_DEFAUT",
    "REFERENCE",
    "Generateur",
    "Resultat",
    "VolumeImpossible",
    "effectifs",
    "generer",
    "vider",
]


def generer(*, facteur, graine=GRAINE_PAR_DEFAUT, vider_avant=False):
    return Generateur(facteur=facteur, graine=graine).generer(vider_avant=vider_avant)
