"""Les structures (porteurs, partenaires, animateurs) dans l'espace équipe."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from contrat_ville.models import Structure
from gestion.contenus.communs import contenant
from gestion.edition import Colonne, FiltresContenu, FormulaireContenu, TypeDeContenu


class StructureForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Structure
        fields = [
            "nom",
            "sigle",
            "slug",
            "type",
            "description",
            "site_web",
            "contact",
            "courriel",
            "telephone",
            "adresse",
            "code_postal",
            "commune",
            "siret",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset("La structure", "nom", "sigle", "slug", "type", "description", "siret"),
            Fieldset("La joindre", "contact", "courriel", "telephone", "site_web"),
            Fieldset("Adresse", "adresse", "code_postal", "commune"),
        )


class FiltresStructures(FiltresContenu):
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Tous"), *Structure.Type.choices]
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "sigle", "commune"))

    def filtrer(self, objets):
        objets = super().filtrer(objets)
        if type_ := self.critere("type"):
            objets = objets.filter(type=type_)
        return objets


STRUCTURES = TypeDeContenu(
    modele=Structure,
    chemin="structures",
    un="une",
    formulaire=StructureForm,
    filtres=FiltresStructures,
    colonnes=(
        Colonne("Type", lambda s: s.get_type_display()),
        Colonne("Commune", lambda s: s.commune),
    ),
)
