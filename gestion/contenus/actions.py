"""Les actions éducatives hors temps scolaire dans l'espace équipe."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from actions.models import ActionEducative
from contrat_ville.models import AGES_DESORDONNES, Quartier, Structure
from gestion.contenus.communs import contenant
from gestion.edition import Colonne, FiltresContenu, FormulaireContenu, TypeDeContenu


class ActionEducativeForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = ActionEducative
        fields = [
            "nom",
            "slug",
            "type",
            "porteur",
            "quartiers",
            "public",
            "age_min",
            "age_max",
            "description",
            "periode",
            "est_exemple",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "quartiers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["porteur"].queryset = Structure.objects.order_by("nom")
        self.fields["quartiers"].queryset = Quartier.objects.order_by("commune", "nom")
        self.helper.layout = Layout(
            Fieldset("L'action", "nom", "slug", "type", "porteur", "description", "est_exemple"),
            Fieldset("Pour qui", "public", "age_min", "age_max"),
            Fieldset("Où et quand", "quartiers", "periode"),
        )

    def clean(self):
        donnees = super().clean()
        age_min, age_max = donnees.get("age_min"), donnees.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", AGES_DESORDONNES)
        return donnees


class FiltresActions(FiltresContenu):
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Tous"), *ActionEducative.Type.choices]
    )
    porteur = forms.ModelChoiceField(
        label="Porteur", required=False, queryset=Structure.objects.all(), empty_label="Tous"
    )
    quartier = forms.ModelChoiceField(
        label="Quartier",
        required=False,
        queryset=Quartier.objects.order_by("commune", "nom"),
        empty_label="Tous",
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "public", "description"))

    def filtrer(self, objets):
        objets = (
            super()
            .filtrer(objets)
            .filtrer(quartier=self.critere("quartier"), type=self.critere("type"))
        )
        if porteur := self.critere("porteur"):
            objets = objets.filter(porteur=porteur)
        return objets


ACTIONS = TypeDeContenu(
    modele=ActionEducative,
    chemin="actions",
    un="une",
    formulaire=ActionEducativeForm,
    filtres=FiltresActions,
    colonnes=(
        Colonne("Porteur", lambda a: a.porteur.nom_court),
        Colonne("Type", lambda a: a.get_type_display()),
        Colonne("Quartiers", lambda a: ", ".join(q.nom for q in a.quartiers.all())),
    ),
    pour_liste=lambda objets: objets.pour_liste(),
)
