"""Les fiches dans l'espace équipe : chaque section saisie un élément par ligne, et le
calendrier édité sur la même page."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from contrat_ville.formulaires import ListeDeChoixMultiples
from contrat_ville.models import Axe, AxeTransversal
from dispositifs.models import Dispositif
from fiches.models import EtapeCalendrier, Fiche
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

SECTIONS = [
    "contexte",
    "objectifs",
    "realisations_attendues",
    "effets_attendus",
    "echelles",
    "animateurs",
    "partenaires_mobilisables",
    "acteurs_a_informer",
    "outil_de_reperage",
    "dispositifs_concernes",
    "financements_mobilisables",
    "liens",
]
UN_PAR_LIGNE = "Un élément par ligne : chaque ligne devient une puce sur la page publique."
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EtapeForm(forms.ModelForm):
    class Meta:
        model = EtapeCalendrier
        formfield_callback = champ_de_formulaire
        fields = ["ordre", "periode", "date_debut", "date_fin", "description"]
        widgets = {"date_debut": DATE, "date_fin": DATE}

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La fin d'une étape ne peut précéder son début.")
        return donnees


class FicheForm(FormulaireAvecLignes):
    jeux = {"etapes": lignes_liees(Fiche, EtapeCalendrier, libelle="Calendrier", form=EtapeForm)}

    class Meta(FormulaireAvecLignes.Meta):
        model = Fiche
        fields = [
            "contrat",
            "axe",
            "code",
            "version",
            "titre",
            "sous_titre",
            "enjeu",
            *SECTIONS,
            "dispositifs",
            "fiches_liees",
            "axes_transversaux",
        ]
        widgets = {
            "enjeu": forms.Textarea(attrs={"rows": 3}),
            **{section: forms.Textarea(attrs={"rows": 4}) for section in SECTIONS},
            "dispositifs": ListeDeChoixMultiples(attrs={"size": 8}),
            "fiches_liees": ListeDeChoixMultiples(attrs={"size": 6}),
            "axes_transversaux": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section].help_text = UN_PAR_LIGNE
        # Le nom d'un axe cite le numéro de son pilier : lu avec lui, pas une requête par axe.
        self.fields["axe"].queryset = Axe.objects.select_related("pilier")
        self.fields["axes_transversaux"].queryset = AxeTransversal.objects.all()
        self.fields["dispositifs"].queryset = Dispositif.objects.only("pk", "nom")
        self.fields["fiches_liees"].queryset = Fiche.objects.exclude(pk=self.instance.pk)
        aide = "Maintenir Ctrl (ou Cmd) enfoncé pour en choisir plusieurs."
        self.fields["dispositifs"].help_text = aide
        self.fields["fiches_liees"].help_text = aide
        self.helper.layout = Layout(
            Fieldset("La fiche", "contrat", "axe", "code", "version", "titre", "sous_titre"),
            Fieldset("Sections", "enjeu", *SECTIONS),
            Fieldset("Liens", "dispositifs", "fiches_liees", "axes_transversaux"),
            Lignes("etapes"),
        )

    def clean(self):
        donnees = super().clean()
        contrat, axe = donnees.get("contrat"), donnees.get("axe")
        if contrat and axe and axe.pilier.contrat_id != contrat.pk:
            self.add_error("axe", "Cet axe appartient à un autre contrat de ville.")
        transversaux = donnees.get("axes_transversaux") or []
        if contrat and any(t.contrat_id != contrat.pk for t in transversaux):
            self.add_error(
                "axes_transversaux", "Choisissez des axes transversaux du contrat de la fiche."
            )
        return donnees


class FiltresFiches(FiltresContenu):
    tri = critere_de_tri("Code")
    axe = critere_objet(Axe.objects.select_related("pilier"), label="Axe")

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "code", "titre", "sous_titre", "enjeu"))


FICHES = EcransAvecLignes(
    modele=Fiche,
    un="une",
    formulaire=FicheForm,
    filtres=FiltresFiches,
    colonnes=(
        Colonne("Axe", lambda f: f"{f.axe.code} – {f.axe.intitule}"),
        Colonne("Version", lambda f: f.version),
    ),
    pour_liste=lambda objets: objets.select_related("axe__pilier"),
    champ_titre="titre",
)
