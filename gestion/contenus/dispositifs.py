"""Les dispositifs dans l'espace équipe : formulaire, filtres de la liste, colonnes."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q

from contrat_ville import francais
from contrat_ville.formulaires import ListeDeChoixMultiples
from contrat_ville.models import Quartier, Structure
from contrat_ville.publication import CONFIRMATION, CYCLE_DE_PUBLICATION
from dispositifs import recherche
from dispositifs.models import Dispositif, Echelle, PorteDEntree
from gestion.contenus.communs import EcransAvecLignes, FormulaireAvecLignes, Lignes, lignes_liees
from gestion.edition import Colonne, FiltresContenu, champ_de_formulaire, critere_objet


def mois():
    """« — » (aucun), puis les mois de `francais`."""
    return [("", "—"), *francais.choix_des_mois()]


def champ_mois(libelle):
    return forms.TypedChoiceField(
        label=libelle, choices=mois, coerce=int, empty_value=None, required=False
    )


class PorteDEntreeForm(forms.ModelForm):
    class Meta:
        model = PorteDEntree
        formfield_callback = champ_de_formulaire
        fields = ["situation", "rang"]


class DispositifForm(FormulaireAvecLignes):
    jeux = {
        "portes_entree": lignes_liees(
            Dispositif,
            PorteDEntree,
            libelle="Porte d'entrée (qui contacter d'abord, par situation)",
            form=PorteDEntreeForm,
            extra=1,
        )
    }
    mois_debut = champ_mois("Mobilisable à partir du mois")
    mois_fin = champ_mois("Mobilisable jusqu'au mois")

    class Meta(FormulaireAvecLignes.Meta):
        model = Dispositif
        fields = [
            "nom",
            "sigle",
            "slug",
            "categorie",
            "porteur",
            "partenaires",
            "resume",
            "description",
            "age_min",
            "age_max",
            "age_max_handicap",
            "situations",
            "situations_exclues",
            "diplomes_acceptes",
            "reserve_qpv",
            "mois_debut",
            "mois_fin",
            "conditions_acces",
            "comment_mobiliser",
            "mobilisable_par",
            "contact",
            "telephone",
            "courriel",
            "site_web",
            "echelle",
            "quartiers",
            "date_creation",
            "base_legale",
            "thematiques",
            "source",
            "source_consultee_le",
            "est_exemple",
        ]
        widgets = {
            "resume": forms.Textarea(attrs={"rows": 2}),
            "source_consultee_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions_acces": forms.Textarea(attrs={"rows": 3}),
            "comment_mobiliser": forms.Textarea(attrs={"rows": 4}),
            "base_legale": forms.Textarea(attrs={"rows": 2}),
            "situations": forms.CheckboxSelectMultiple,
            "situations_exclues": forms.CheckboxSelectMultiple,
            "diplomes_acceptes": forms.CheckboxSelectMultiple,
            "thematiques": forms.CheckboxSelectMultiple,
            "quartiers": forms.CheckboxSelectMultiple,
            "partenaires": ListeDeChoixMultiples(attrs={"size": 8}),
            "date_creation": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aide = "Maintenir Ctrl (ou Cmd) enfoncé pour en choisir plusieurs."
        self.fields["partenaires"].help_text = aide
        self.fields["quartiers"].queryset = Quartier.objects.order_by("commune", "nom")
        self.helper.layout = Layout(
            Fieldset(
                "Le dispositif",
                "nom",
                "sigle",
                "slug",
                "categorie",
                "resume",
                "description",
                "est_exemple",
            ),
            Fieldset("Qui le porte", "porteur", "partenaires"),
            Fieldset(
                "Pour qui",
                "age_min",
                "age_max",
                "age_max_handicap",
                "situations",
                "situations_exclues",
                "diplomes_acceptes",
                "reserve_qpv",
                "conditions_acces",
            ),
            Lignes("portes_entree"),
            Fieldset("Quand", "mois_debut", "mois_fin", "date_creation"),
            Fieldset(
                "Comment le mobiliser",
                "comment_mobiliser",
                "mobilisable_par",
                "contact",
                "telephone",
                "courriel",
                "site_web",
            ),
            Fieldset("Où", "echelle", "quartiers"),
            Fieldset("Références", "thematiques", "base_legale", "source", "source_consultee_le"),
        )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or "situations" not in self.cleaned_data:
            return
        # Une porte d'entrée ne vaut que pour une situation que le dispositif sert.
        servies = set(self.cleaned_data["situations"])
        for ligne in self.lignes["portes_entree"].forms:
            donnees = getattr(ligne, "cleaned_data", {})
            situation = donnees.get("situation")
            if situation and not donnees.get("DELETE") and situation not in servies:
                ligne.add_error(
                    "situation",
                    f"« {situation} » n'est pas une situation visée par ce dispositif : "
                    "cochez-la plus haut ou choisissez-en une autre.",
                )
                self.add_error(None, "Porte d'entrée : une ligne à corriger plus bas.")

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("mois_debut"), donnees.get("mois_fin")
        if (debut is None) != (fin is None) and "mois_debut" not in self.errors:
            manquant = "mois_fin" if fin is None else "mois_debut"
            self.add_error(
                manquant, "Indiquez les deux mois de la période d'ouverture, ou aucun des deux."
            )
        if donnees.get("echelle") == Echelle.QUARTIERS and not donnees.get("quartiers"):
            self.add_error(
                "quartiers",
                "Un dispositif limité à certains quartiers doit en indiquer au moins un.",
            )
        return donnees


class FiltresDispositifs(FiltresContenu):
    categorie = django_filters.ChoiceFilter(
        label="Catégorie", choices=Dispositif.Categorie.choices, empty_label="Toutes"
    )
    porteur = critere_objet(Structure.objects.all(), label="Porteur")
    a_verifier = django_filters.BooleanFilter(
        label="Non vérifiés depuis plus de 12 mois",
        widget=forms.CheckboxInput,
        method="non_verifies",
    )

    def rechercher(self, objets, texte):
        """Plein texte du répertoire (accents, casse, pluriels), plus un morceau de nom ou de
        sigle, pratique pour retrouver une fiche en cours de saisie."""
        trouves = recherche.rechercher(Dispositif.objects.all(), texte).values("pk")
        return objets.filter(
            Q(pk__in=trouves) | Q(nom__icontains=texte) | Q(sigle__icontains=texte)
        )

    def non_verifies(self, objets, nom, coche):
        return objets.a_verifier() if coche else objets


DISPOSITIFS = EcransAvecLignes(
    modele=Dispositif,
    un="un",
    formulaire=DispositifForm,
    filtres=FiltresDispositifs,
    colonnes=(
        Colonne("Porteur", lambda d: d.porteur.nom_court),
        Colonne("Catégorie", lambda d: d.get_categorie_display()),
        Colonne("Vérifié le", lambda d: d.verifie_le),
    ),
    pour_liste=lambda objets: objets.select_related("porteur"),
    lecture_des_lignes={"portes_entree": lambda lignes: lignes.select_related("situation")},
    transitions=(*CYCLE_DE_PUBLICATION, CONFIRMATION),
)
