"""Les écrans de l'espace équipe de chaque type de contenu du registre du cœur : un module par
modèle, déclaré ici (un test vérifie qu'ils couvrent exactement le registre)."""

from gestion.contenus.actions import ACTIONS
from gestion.contenus.articulations import ARTICULATIONS
from gestion.contenus.dispositifs import DISPOSITIFS
from gestion.contenus.fiches import FICHES
from gestion.contenus.indicateurs import INDICATEURS
from gestion.contenus.lieux import LIEUX
from gestion.contenus.quartiers import QUARTIERS
from gestion.contenus.seances import SEANCES
from gestion.contenus.situations import SITUATIONS
from gestion.contenus.structures import STRUCTURES
from gestion.contenus.thematiques import THEMATIQUES

TYPES = (
    DISPOSITIFS,
    FICHES,
    SEANCES,
    INDICATEURS,
    STRUCTURES,
    LIEUX,
    ACTIONS,
    ARTICULATIONS,
    QUARTIERS,
    SITUATIONS,
    THEMATIQUES,
)


def ecrans_de(modele):
    """Les écrans de gestion d'un modèle (son formulaire, ses filtres…), ou None."""
    return next((contenu for contenu in TYPES if contenu.modele is modele), None)
