"""Les séances dans l'espace équipe, avec leurs participations et leurs suites sur la même
page."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms

from contrat_ville.formulaires import ListeDeChoixMultiples
from contrat_ville.models import Lieu, Quartier, Structure
from dispositifs.models import Dispositif
from fiches.models import Fiche
from gestion.contenus.communs import (
    EcransAvecLignes,
    FormulaireAvecLignes,
    Lignes,
    contenant,
    lignes_liees,
)
from gestion.edition import (
    Colonne,
    FiltresContenu,
    champ_de_formulaire,
    critere_de_tri,
    critere_objet,
)
from seances.models import Participation, Seance, Suite

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        formfield_callback = champ_de_formulaire
        fields = ["structure", "nombre_personnes", "presence"]


class SuiteForm(forms.ModelForm):
    class Meta:
        model = Suite
        formfield_callback = champ_de_formulaire
        fields = ["nature", "description", "responsable", "echeance", "etat"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "echeance": DATE}


class SeanceForm(FormulaireAvecLignes):
    jeux = {
        "participations": lignes_liees(
            Seance, Participation, libelle="Participations", form=ParticipationForm
        ),
        "suites": lignes_liees(Seance, Suite, libelle="Suites données", form=SuiteForm),
    }

    class Meta(FormulaireAvecLignes.Meta):
        model = Seance
        fields = [
            "type",
            "titre",
            "debut",
            "fin",
            "lieu",
            "lieu_accueil",
            "echelle",
            "quartier",
            "animateur",
            "fiches",
            "dispositifs",
            "ordre_du_jour",
            "etat",
            "compte_rendu",
            "compte_rendu_publie",
            "est_exemple",
        ]
        widgets = {
            "debut": DATE_HEURE,
            "fin": DATE_HEURE,
            "fiches": ListeDeChoixMultiples(attrs={"size": 6}),
            "dispositifs": ListeDeChoixMultiples(attrs={"size": 8}),
            "ordre_du_jour": forms.Textarea(attrs={"rows": 4}),
            "compte_rendu": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = Quartier.objects.order_by("commune", "nom")
        self.fields[
            "quartier"
        ].help_text = "Seulement pour une séance à l'échelle d'un quartier, qui doit l'indiquer."
        self.fields["animateur"].queryset = Structure.objects.order_by("nom")
        self.fields["lieu_accueil"].queryset = Lieu.objects.order_by("nom")
        self.fields["fiches"].queryset = Fiche.objects.only("pk", "code", "titre")
        self.fields["dispositifs"].queryset = Dispositif.objects.only("pk", "nom")
        aide = "Maintenir Ctrl (ou Cmd) enfoncé pour en choisir plusieurs."
        self.fields["fiches"].help_text = aide
        self.fields["dispositifs"].help_text = aide
        self.helper.layout = Layout(
            Fieldset("La séance", "type", "titre", "etat", "est_exemple"),
            Fieldset(
                "Quand et où",
                "debut",
                "fin",
                "lieu",
                "lieu_accueil",
                "echelle",
                "quartier",
                "animateur",
            ),
            Fieldset("Contenu", "fiches", "dispositifs", "ordre_du_jour"),
            Fieldset("Compte rendu", "compte_rendu", "compte_rendu_publie"),
            Lignes("participations"),
            Lignes("suites"),
        )

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", "La fin de la séance ne peut précéder son début.")
        echelle, quartier = donnees.get("echelle"), donnees.get("quartier")
        if echelle == Seance.Echelle.QUARTIER and not quartier and "quartier" not in self.errors:
            self.add_error("quartier", "Une séance à l'échelle d'un quartier indique ce quartier.")
        if echelle == Seance.Echelle.AGGLOMERATION and quartier:
            self.add_error(
                "quartier",
                "Une séance d'agglomération n'indique pas de quartier : videz ce champ, ou "
                "choisissez l'échelle « Quartier ».",
            )
        return donnees


class Entier(django_filters.Filter):
    field_class = forms.IntegerField


class FiltresSeances(FiltresContenu):
    tri = critere_de_tri("Date, les plus récentes d'abord")
    type = django_filters.ChoiceFilter(
        label="Type de séance", choices=Seance.Type.choices, empty_label="Tous", method="selon"
    )
    etat = django_filters.ChoiceFilter(
        label="État", choices=Seance.Etat.choices, empty_label="Tous"
    )
    quartier = critere_objet(
        Quartier.objects.order_by("commune", "nom"), label="Quartier", method="selon"
    )
    annee = Entier(label="Année", min_value=2000, max_value=2100, method="selon")

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "titre", "lieu", "ordre_du_jour"))

    def selon(self, objets, nom, valeur):
        """Les critères de la liste publique, avec la même règle (`SeanceQuerySet.filtrer`)."""
        return objets.filtrer(**{nom: valeur})


SEANCES = EcransAvecLignes(
    modele=Seance,
    un="une",
    formulaire=SeanceForm,
    filtres=FiltresSeances,
    colonnes=(
        Colonne("Type", lambda s: s.get_type_display()),
        Colonne("Échelle", lambda s: s.quartier or s.get_echelle_display()),
        Colonne("État", lambda s: s.get_etat_display()),
    ),
    pour_liste=lambda objets: objets.pour_liste(),
    champ_titre="titre",
    lecture_des_lignes={
        "participations": lambda lignes: lignes.select_related("structure"),
    },
)
