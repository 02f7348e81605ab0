"""Les thématiques du référentiel data·inclusion : une liste de référence, publique dès son
enregistrement."""

from dispositifs.models import Thematique
from gestion.contenus.communs import FiltresReferentiel, contenant
from gestion.edition import Colonne, EcransDeGestion, FormulaireContenu


class ThematiqueForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Thematique
        fields = ["libelle", "code"]


class FiltresThematiques(FiltresReferentiel):
    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "libelle", "code"))


THEMATIQUES = EcransDeGestion(
    modele=Thematique,
    un="une",
    formulaire=ThematiqueForm,
    filtres=FiltresThematiques,
    colonnes=(Colonne("Code", lambda t: t.code),),
    transitions=(),
    champ_titre="libelle",
)
