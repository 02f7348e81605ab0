"""L'import des mesures d'indicateurs depuis un fichier CSV ou XLSX, en deux temps : une analyse
à blanc qui dit, ligne par ligne, ce qui serait créé, mis à jour, laissé tel quel ou rejeté (et
pourquoi), puis, sur confirmation, l'écriture en une transaction.

Le fichier a les colonnes de l'export des mesures (`gestion.mesures.COLONNES_EXPORT`) :
indicateur (identifiant ou libellé), année, quartier (identifiant d'URL, vide pour l'ensemble du
territoire), dispositif (identifiant d'URL ou vide), valeur, source, commentaire. Les colonnes
informatives de l'export (libellé de l'indicateur, exemple) sont ignorées, les autres colonnes
inconnues aussi, avec un avertissement. Un import ne supprime jamais de valeur.

Trois temps, trois modules : `lecture` (le fichier en tableau), `analyse` (le tableau en
rapport, puis son écriture), `depot` (le fichier gardé entre l'analyse et la confirmation).
Tout s'importe d'ici : `from gestion import imports ; imports.lire_tableau(...)`.
"""

from gestion.imports.analyse import (
    LONGUEUR_COMMENTAIRE,
    LigneImport,
    Rapport,
    References,
    Statut,
    analyser,
    appliquer,
)
from gestion.imports.depot import (
    CLE_SESSION,
    DOSSIER,
    DUREE_DE_GARDE,
    EN_ATTENTE_MAX,
    deposer,
    nettoyer_fichiers_abandonnes,
    nom_de_fichier,
    oublier,
    relire,
)
from gestion.imports.lecture import (
    COLONNES_MAX,
    LIGNES_MAX,
    TAILLE_DECOMPRESSEE_MAX,
    TAILLE_MAX,
    Correspondance,
    FichierIllisible,
    Formule,
    Tableau,
    correspondance,
    lire_tableau,
)

__all__ = [
    "CLE_SESSION",
    "COLONNES_MAX",
    "DOSSIER",
    "DUREE_DE_GARDE",
    "EN_ATTENTE_MAX",
    "LIGNES_MAX",
    "LONGUEUR_COMMENTAIRE",
    "TAILLE_DECOMPRESSEE_MAX",
    "TAILLE_MAX",
    "Correspondance",
    "FichierIllisible",
    "Formule",
    "LigneImport",
    "Rapport",
    "References",
    "Statut",
    "Tableau",
    "analyser",
    "appliquer",
    "correspondance",
    "deposer",
    "lire_tableau",
    "nettoyer_fichiers_abandonnes",
    "nom_de_fichier",
    "oublier",
    "relire",
]
