from django import forms

from actions.models import ActionEducative
from contrat_ville.formulaires import FormulaireDeFiltres
from contrat_ville.models import Quartier


class FiltreActionsForm(FormulaireDeFiltres):
    quartier = forms.ModelChoiceField(
        label="Quartier",
        queryset=Quartier.objects.order_by("commune", "nom"),
        to_field_name="slug",
        required=False,
        empty_label="Tous les quartiers",
        error_messages={
            "invalid_choice": "Ce quartier n’existe pas : choisissez-en un dans la liste."
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    type = forms.ChoiceField(
        label="Type d’action",
        choices=[("", "Tous les types"), *ActionEducative.Type.choices],
        required=False,
        error_messages={
            "invalid_choice": "Ce type d’action n’existe pas : choisissez-en un dans la liste."
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
