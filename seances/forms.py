from django import forms

from contrat_ville.formulaires import FormulaireDeFiltres, ListeDeChoix
from contrat_ville.models import Quartier
from seances.models import Seance


class FiltreSeancesForm(FormulaireDeFiltres):
    """Les critères de la liste publique, lus dans l'URL pour qu'elle reste partageable."""

    type = forms.ChoiceField(
        label="Type de séance",
        required=False,
        choices=[("", "Tous les types"), *Seance.Type.choices],
    )
    echelle = forms.ChoiceField(
        label="Échelle",
        required=False,
        choices=[("", "Toutes les échelles"), *Seance.Echelle.choices],
    )
    quartier = forms.ModelChoiceField(
        label="Quartier",
        required=False,
        queryset=Quartier.objects.order_by("commune", "nom"),
        to_field_name="slug",
        empty_label="Tous les quartiers",
        widget=ListeDeChoix,
    )
    annee = forms.TypedChoiceField(
        label="Année",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": (
                "Choisissez une année dans la liste ; « %(value)s » n’en fait pas partie."
            )
        },
    )

    def __init__(self, *args, annees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [("", "Toutes les années"), *((a, a) for a in annees)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def full_clean(self):
        super().full_clean()
        # Le message d'erreur affiché sous le champ est relié au champ pour les lecteurs d'écran.
        for nom in self.errors:
            if nom in self.fields:
                self.fields[nom].widget.attrs["aria-describedby"] = f"{self[nom].auto_id}_erreur"
