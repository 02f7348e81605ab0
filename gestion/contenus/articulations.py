"""Les articulations (une action éducative reliée à un dispositif) dans l'espace équipe."""

import django_filters
from django import forms

from actions.models import ActionEducative, Articulation
from dispositifs.models import Dispositif
from gestion.contenus.communs import contenant
from gestion.edition import (
    Colonne,
    EcransDeGestion,
    FiltresContenu,
    FormulaireContenu,
    critere_de_tri,
)
from seances.models import Seance


class ArticulationForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Articulation
        fields = ["action", "dispositif", "nature", "description", "seance", "est_exemple"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = ActionEducative.objects.only("pk", "nom")
        self.fields["dispositif"].queryset = Dispositif.objects.only("pk", "nom")
        self.fields["seance"].queryset = Seance.objects.only("pk", "titre", "debut")


class FiltresArticulations(FiltresContenu):
    tri = critere_de_tri("Action éducative")
    nature = django_filters.ChoiceFilter(
        label="Nature", choices=Articulation.Nature.choices, empty_label="Toutes"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "action__nom", "dispositif__nom", "description"))


ARTICULATIONS = EcransDeGestion(
    modele=Articulation,
    un="une",
    formulaire=ArticulationForm,
    filtres=FiltresArticulations,
    colonnes=(
        Colonne("Nature", lambda a: a.get_nature_display()),
        Colonne("Identifiée en séance", lambda a: a.seance),
    ),
    pour_liste=lambda objets: objets.select_related("action", "dispositif", "seance"),
    # Rien à marquer « (copie) » : la copie change d'action ou de dispositif (la paire est
    # unique, la validation le rappelle).
    champ_titre=None,
)
