from django import forms

from contrat_ville.formulaires import FormulaireDeFiltres
from contrat_ville.models import Quartier


class FiltreSupportForm(FormulaireDeFiltres):
    """Le quartier auquel restreindre le support (`?quartier=<slug>`). Un identifiant inconnu
    ou impossible (caractère nul, que PostgreSQL refuse) est une erreur du formulaire, jamais
    une requête qui échoue."""

    quartier = forms.ModelChoiceField(
        label="Quartier",
        queryset=Quartier.objects.avec_classements(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Aucun quartier ne porte l’identifiant « %(value)s »."},
    )
