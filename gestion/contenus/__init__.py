"""Les types de contenu gérés dans l'espace équipe : un module par modèle, déclaré ici."""

from gestion.contenus.actions import ACTIONS
from gestion.contenus.articulations import ARTICULATIONS
from gestion.contenus.dispositifs import DISPOSITIFS
from gestion.contenus.fiches import FICHES
from gestion.contenus.indicateurs import INDICATEURS
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
    ACTIONS,
    ARTICULATIONS,
    QUARTIERS,
    SITUATIONS,
    THEMATIQUES,
)


def type_de(modele):
    """Le type de contenu d'un modèle, ou None s'il n'a pas (encore) d'écrans de gestion."""
    return next((contenu for contenu in TYPES if contenu.modele is modele), None)
