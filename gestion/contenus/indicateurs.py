"""Les indicateurs de réalisation et d'effets dans l'espace équipe (leurs valeurs se saisissent
dans la grille des mesures)."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from fiches.models import Fiche
from gestion.contenus.communs import contenant
from gestion.edition import Colonne, FiltresContenu, FormulaireContenu, TypeDeContenu
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
    TRIS = [("", "Fiche"), ("modifie", "Dernières modifications")]

    tri = forms.ChoiceField(label="Trier par", required=False, choices=TRIS)
    fiche = forms.ModelChoiceField(
        label="Fiche", required=False, queryset=Fiche.objects.all(), empty_label="Toutes"
    )
    nature = forms.ChoiceField(
        label="Nature", required=False, choices=[("", "Toutes"), *Indicateur.Nature.choices]
    )
    calcul = forms.ChoiceField(
        label="Origine des valeurs",
        required=False,
        choices=[("", "Toutes"), *Indicateur.Calcul.choices],
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "libelle", "definition", "fiche__code"))

    def filtrer(self, objets):
        objets = super().filtrer(objets)
        for critere in ("fiche", "nature", "calcul"):
            if valeur := self.critere(critere):
                objets = objets.filter(**{critere: valeur})
        return objets


INDICATEURS = TypeDeContenu(
    modele=Indicateur,
    chemin="indicateurs",
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
