"""Le vocabulaire des données synthétiques (`vocabulaire.toml`), lu une fois, à l'import.

Les clés des tables par type (structures, catégories de dispositif, types d'action, natures
d'articulation, échelles) deviennent les choix des modèles : une faute de frappe dans le
fichier fait échouer l'import au lieu de produire des données invalides.
"""

import tomllib
from pathlib import Path

from actions.models import ActionEducative, Articulation
from contrat_ville.models import Structure
from dispositifs.models import Dispositif, Echelle

FICHIER = Path(__file__).with_name("vocabulaire.toml")


def _par_choix(table, choix):
    return {choix(cle): valeur for cle, valeur in table.items()}


def lire(fichier=FICHIER):
    with fichier.open("rb") as flux:
        mots = tomllib.load(flux)
    mots["structures"]["types"] = _par_choix(mots["structures"]["types"], Structure.Type)
    dispositifs = mots["dispositifs"]
    dispositifs["categories"] = _par_choix(dispositifs["categories"], Dispositif.Categorie)
    dispositifs["lieux"] = _par_choix(dispositifs["lieux"], Echelle)
    mots["actions"]["types"] = _par_choix(mots["actions"]["types"], ActionEducative.Type)
    mots["articulations"] = _par_choix(mots["articulations"], Articulation.Nature)
    return mots


MOTS = lire()
COMMUN = MOTS["commun"]
