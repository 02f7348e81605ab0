"""Le maillage en matrice : les actions en lignes, les dispositifs en colonnes."""

from dataclasses import dataclass

from actions.models import ActionEducative, Articulation
from dispositifs.models import Dispositif


@dataclass
class LigneMaillage:
    action: ActionEducative
    cases: list[tuple[Dispositif, Articulation | None]]

    @property
    def articulations(self):
        """Les cases remplies, pour la présentation action par action."""
        return [case for case in self.cases if case[1]]


def construire_maillage(actions, dispositifs, articulations):
    """La matrice actions × dispositifs, case par case, à partir d'une seule liste
    d'articulations (aucune requête par case)."""
    par_case = {(a.action_id, a.dispositif_id): a for a in articulations}
    return [
        LigneMaillage(action, [(d, par_case.get((action.pk, d.pk))) for d in dispositifs])
        for action in actions
    ]
