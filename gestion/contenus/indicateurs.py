"""Les indicateurs de réalisation et d'effets dans l'espace équipe (leurs valeurs se saisissent
dans la grille des mesures)."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms

from fiches.models import Fiche
from gestion.contenus.communs import contenant
from gestion.edition import (
    Colonne,
    EcransDeGestion,
    FiltresContenu,
    FormulaireContenu,
    critere_de_tri,
    critere_objet,
)
from indicateurs.models import Indicateur


class IndicateurForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Indicateur
        fields = [
            "fiche",
            "nature",
            "ordre",
            "libelle",
            "type_valeur",
            "unite",
            "calcul",
            "source",
            "frequence",
            "cible",
            "definition",
        ]
        widgets = {
            "libelle": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = Fiche.objects.only("pk", "code", "titre")
        self.helper.layout = Layout(
            Fieldset("L'indicateur", "fiche", "nature", "ordre", "libelle", "definition"),
            Fieldset(
                "Ses valeurs", "type_valeur", "unite", "calcul", "source", "frequence", "cible"
            ),
        )


class FiltresIndicateurs(FiltresContenu):
    tri = critere_de_tri("Fiche")
    fiche = critere_objet(Fiche.objects.all(), label="Fiche", tous="Toutes")
    nature = django_filters.ChoiceFilter(
        label="Nature", choices=Indicateur.Nature.choices, empty_label="Toutes"
    )
    calcul = django_filters.ChoiceFilter(
        label="Origine des valeurs", choices=Indicateur.Calcul.choices, empty_label="Toutes"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "libelle", "definition", "fiche__code"))


INDICATEURS = EcransDeGestion(
    modele=Indicateur,
    un="un",
    formulaire=IndicateurForm,
    filtres=FiltresIndicateurs,
    colonnes=(
        Colonne("Fiche", lambda i: i.fiche.code),
        Colonne("Nature", lambda i: i.get_nature_display()),
        Colonne("Origine des valeurs", lambda i: i.get_calcul_display()),
    ),
    pour_liste=lambda objets: objets.pour_liste(),
    champ_titre="libelle",
)
