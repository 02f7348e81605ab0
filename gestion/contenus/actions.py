"""Les actions éducatives hors temps scolaire dans l'espace équipe."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms

from actions.models import ActionEducative
from contrat_ville.models import Quartier, Structure
from gestion.contenus.communs import contenant
from gestion.edition import (
    Colonne,
    EcransDeGestion,
    FiltresContenu,
    FormulaireContenu,
    critere_objet,
)


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


class FiltresActions(FiltresContenu):
    type = django_filters.ChoiceFilter(
        label="Type", choices=ActionEducative.Type.choices, empty_label="Tous"
    )
    porteur = critere_objet(Structure.objects.all(), label="Porteur")
    quartier = critere_objet(
        Quartier.objects.order_by("commune", "nom"), label="Quartier", method="dans_quartier"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "public", "description"))

    def dans_quartier(self, objets, nom, quartier):
        return objets.filtrer(quartier=quartier)


ACTIONS = EcransDeGestion(
    modele=ActionEducative,
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
