"""Les quartiers du contrat de ville : une liste de référence, publique dès son enregistrement
(pas de statut ni de cycle de publication)."""

from django import forms

from contrat_ville.models import Quartier
from gestion.contenus.communs import FiltresReferentiel, contenant
from gestion.edition import Colonne, FormulaireContenu, TypeDeContenu


class QuartierForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Quartier
        fields = [
            "contrat",
            "nom",
            "slug",
            "commune",
            "code_qpv",
            "categorie",
            "depuis",
            "population",
        ]


class FiltresQuartiers(FiltresReferentiel):
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), *Quartier.Categorie.choices]
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "commune", "code_qpv"))

    def filtrer(self, objets):
        objets = super().filtrer(objets)
        if categorie := self.critere("categorie"):
            objets = objets.filter(categorie=categorie)
        return objets


QUARTIERS = TypeDeContenu(
    modele=Quartier,
    chemin="quartiers",
    un="un",
    formulaire=QuartierForm,
    filtres=FiltresQuartiers,
    colonnes=(
        Colonne("Catégorie", lambda q: q.get_categorie_display()),
        Colonne("Code QPV", lambda q: q.code_qpv),
        Colonne("Population", lambda q: q.population),
    ),
    actions=(),
)
