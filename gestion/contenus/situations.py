"""Les situations d'un jeune (critères d'éligibilité des dispositifs) : une liste de référence,
publique dès son enregistrement."""

from dispositifs.models import Situation
from gestion.contenus.communs import FiltresReferentiel, contenant
from gestion.edition import Colonne, EcransDeGestion, FormulaireContenu


class SituationForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Situation
        fields = ["libelle", "code", "ordre", "scolarise"]


class FiltresSituations(FiltresReferentiel):
    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "libelle", "code"))


SITUATIONS = EcransDeGestion(
    modele=Situation,
    un="une",
    formulaire=SituationForm,
    filtres=FiltresSituations,
    colonnes=(
        Colonne("Code", lambda s: s.code),
        Colonne("Ordre", lambda s: s.ordre),
    ),
    transitions=(),
    champ_titre="libelle",
)
