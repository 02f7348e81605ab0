"""Les lieux d'accueil dans l'espace équipe : adresse, horaires et dispositifs qui y reçoivent
le public, édités sur la même page."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q

from contrat_ville.models import Horaire, Lieu, Quartier, Structure
from dispositifs.models import Accueil, Dispositif
from gestion.contenus.communs import (
    EcransAvecLignes,
    FormulaireAvecLignes,
    Lignes,
    LignesLiees,
    contenant,
    lignes_liees,
)
from gestion.edition import Colonne, FiltresContenu, champ_de_formulaire, critere_objet

HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class HoraireForm(forms.ModelForm):
    class Meta:
        model = Horaire
        formfield_callback = champ_de_formulaire
        fields = ["jour", "ouverture", "fermeture", "sur_rendez_vous"]
        widgets = {"ouverture": HEURE, "fermeture": HEURE}

    def clean(self):
        donnees = super().clean()
        ouverture, fermeture = donnees.get("ouverture"), donnees.get("fermeture")
        if ouverture and fermeture and fermeture <= ouverture:
            self.add_error("fermeture", "La fermeture doit venir après l'ouverture.")
        return donnees

    def validate_constraints(self):
        """La règle « ouverture avant fermeture » est déjà dite sur le champ fermeture."""
        if "fermeture" not in self.errors:
            super().validate_constraints()


class AccueilForm(forms.ModelForm):
    class Meta:
        model = Accueil
        formfield_callback = champ_de_formulaire
        fields = ["dispositif", "quartier"]
        labels = {"quartier": "Pour le quartier"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispositif"].queryset = Dispositif.objects.only("pk", "nom")
        self.fields["quartier"].queryset = Quartier.objects.order_by("commune", "nom")
        self.fields["quartier"].empty_label = "Tous les quartiers"


class AccueilsDuLieu(LignesLiees):
    def clean(self):
        super().clean()
        vus = set()
        for form in self.forms:
            donnees = getattr(form, "cleaned_data", {})
            if not donnees or donnees.get("DELETE") or not donnees.get("dispositif"):
                continue
            cle = (donnees["dispositif"].pk, getattr(donnees.get("quartier"), "pk", None))
            if cle in vus:
                raise forms.ValidationError(
                    "Un même dispositif figure deux fois pour le même quartier."
                )
            vus.add(cle)


class LieuForm(FormulaireAvecLignes):
    jeux = {
        "horaires": lignes_liees(Lieu, Horaire, libelle="Horaires", form=HoraireForm, extra=3),
        "accueils": lignes_liees(
            Lieu,
            Accueil,
            libelle="Dispositifs qui y reçoivent le public",
            form=AccueilForm,
            formset=AccueilsDuLieu,
        ),
    }

    class Meta(FormulaireAvecLignes.Meta):
        model = Lieu
        fields = [
            "structure",
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "code_commune",
            "telephone",
            "courriel",
            "quartiers",
            "notes",
            "source",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "quartiers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartiers"].queryset = Quartier.objects.order_by("commune", "nom")
        self.helper.layout = Layout(
            Fieldset("Le lieu", "structure", "nom", "notes", "source"),
            Fieldset("Adresse", "adresse", "code_postal", "commune", "code_commune"),
            Fieldset("Le joindre", "telephone", "courriel"),
            Fieldset("Quartiers desservis", "quartiers"),
            Lignes("horaires"),
            Lignes("accueils"),
        )


class FiltresLieux(FiltresContenu):
    structure = critere_objet(Structure.objects.all(), label="Structure", tous="Toutes")
    a_completer = django_filters.BooleanFilter(
        label="Coordonnées à compléter", widget=forms.CheckboxInput, method="incomplets"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "commune", "adresse", "structure__nom"))

    def incomplets(self, objets, nom, coche):
        return objets.filter(Q(adresse="") | Q(telephone="")) if coche else objets


LIEUX = EcransAvecLignes(
    modele=Lieu,
    un="un",
    formulaire=LieuForm,
    filtres=FiltresLieux,
    colonnes=(
        Colonne("Structure", lambda lieu: lieu.structure.nom_court),
        Colonne("Commune", lambda lieu: lieu.commune),
        Colonne("À compléter", lambda lieu: "oui" if lieu.a_completer else "non"),
    ),
    pour_liste=lambda objets: objets.select_related("structure"),
    lecture_des_lignes={
        "accueils": lambda lignes: lignes.select_related("dispositif", "lieu", "quartier"),
    },
)
