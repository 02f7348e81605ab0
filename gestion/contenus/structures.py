"""Les structures (porteurs, partenaires, animateurs) dans l'espace équipe."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms

from contrat_ville.models import Structure
from gestion.contenus.communs import contenant
from gestion.edition import Colonne, EcransDeGestion, FiltresContenu, FormulaireContenu


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
            "est_exemple",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                "La structure",
                "nom",
                "sigle",
                "slug",
                "type",
                "description",
                "siret",
                "est_exemple",
            ),
            Fieldset("La joindre", "contact", "courriel", "telephone", "site_web"),
            Fieldset("Adresse", "adresse", "code_postal", "commune"),
        )


class FiltresStructures(FiltresContenu):
    type = django_filters.ChoiceFilter(
        label="Type", choices=Structure.Type.choices, empty_label="Tous"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "sigle", "commune"))


STRUCTURES = EcransDeGestion(
    modele=Structure,
    un="une",
    formulaire=StructureForm,
    filtres=FiltresStructures,
    colonnes=(
        Colonne("Type", lambda s: s.get_type_display()),
        Colonne("Commune", lambda s: s.commune),
    ),
)
