from django import forms
from django.utils import timezone

from contrat_ville import francais
from contrat_ville.formulaires import FormulaireDeFiltres, ListeDeChoix
from contrat_ville.models import Quartier, Structure
from dispositifs.annuaire import Public
from dispositifs.models import Dispositif, Situation, Thematique
from dispositifs.recherche import LONGUEUR_MAX_REQUETE


class FiltresDispositifs(FormulaireDeFiltres):
    """Les paramètres GET de l'annuaire. Un paramètre invalide est signalé puis ignoré ;
    les autres filtres restent appliqués."""

    TRIS = [("pertinence", "Pertinence"), ("nom", "Nom"), ("maj", "Mis à jour")]

    q = forms.CharField(
        label="Rechercher un dispositif",
        required=False,
        max_length=LONGUEUR_MAX_REQUETE,
        error_messages={
            "max_length": f"La recherche est limitée à {LONGUEUR_MAX_REQUETE} caractères."
        },
    )
    age = forms.IntegerField(
        label="Âge du jeune",
        required=False,
        min_value=0,
        max_value=99,
        error_messages={
            "invalid": "L'âge doit être un nombre entier.",
            "min_value": "L'âge ne peut pas être négatif.",
            "max_value": "L'âge doit être inférieur à 100 ans.",
        },
    )
    situation = forms.ModelMultipleChoiceField(
        label="Situation", queryset=Situation.objects.all(), required=False, to_field_name="code"
    )
    thematique = forms.ModelMultipleChoiceField(
        label="Thématique", queryset=Thematique.objects.all(), required=False, to_field_name="code"
    )
    categorie = forms.MultipleChoiceField(
        label="Catégorie", choices=Dispositif.Categorie.choices, required=False
    )
    porteur = forms.ModelMultipleChoiceField(
        # Une structure non publiée est, pour le public, une valeur inconnue comme une autre.
        label="Porteur",
        queryset=Structure.objects.publies(),
        required=False,
        to_field_name="slug",
    )
    quartier = forms.ModelChoiceField(
        label="Quartier", queryset=Quartier.objects.all(), required=False, to_field_name="slug"
    )
    mobilisable_par = forms.MultipleChoiceField(
        label="Mobilisable par",
        choices=Public.choices,
        required=False,
    )
    tri = forms.ChoiceField(label="Trier par", choices=TRIS, required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        messages = {
            "invalid_choice": "Cette valeur ne fait pas partie des choix proposés.",
            "invalid_list": "Liste de valeurs invalide.",
            "invalid_pk_value": "Cette valeur ne fait pas partie des choix proposés.",
        }
        for champ in self.fields.values():
            champ.error_messages.update(messages)

    def criteres(self):
        """Les filtres valides, même si d'autres ne le sont pas."""
        self.is_valid()
        return self.cleaned_data


class OrientationForm(forms.Form):
    """« Quelle solution pour ce jeune ? » : quelques questions, aucune donnée conservée."""

    DIPLOMES = [
        ("", "Je ne sais pas"),
        ("aucun", "Aucun diplôme"),
        ("brevet_cfg", "Brevet ou certificat de formation générale (CFG) seulement"),
        ("cap_bep", "CAP, BEP ou plus (diplôme qualifiant)"),
    ]
    SCOLARISE = [("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")]

    age = forms.IntegerField(
        label="Âge du jeune",
        # Champ texte « numérique » : ce que la personne a tapé, même invalide, lui est rendu.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3}),
        min_value=3,
        max_value=30,
        help_text="En années, entre 3 et 30.",
        error_messages={
            "required": "Indiquez l'âge du jeune.",
            "invalid": "L'âge doit être un nombre entier.",
            "min_value": "L'âge doit être d'au moins 3 ans.",
            "max_value": "Les dispositifs proposés ici s'adressent aux moins de 30 ans.",
        },
    )
    situation = forms.ModelChoiceField(
        label="Sa situation",
        queryset=Situation.objects.all(),
        to_field_name="code",
        empty_label="Choisir une situation",
        error_messages={
            "required": "Choisissez la situation du jeune.",
            "invalid_choice": "Cette situation ne fait pas partie des choix proposés.",
        },
    )
    quartier = forms.ModelChoiceField(
        label="Son quartier (facultatif)",
        queryset=Quartier.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Je ne sais pas / hors quartier prioritaire",
        widget=ListeDeChoix,
        error_messages={"invalid_choice": "Ce quartier ne fait pas partie des choix proposés."},
    )
    scolarise = forms.ChoiceField(
        label="Est-il encore inscrit dans un établissement ? (facultatif)",
        choices=SCOLARISE,
        required=False,
        error_messages={"invalid_choice": "Répondez oui, non ou « je ne sais pas »."},
    )
    diplome = forms.ChoiceField(
        label="Son plus haut diplôme (facultatif)",
        choices=DIPLOMES,
        required=False,
        error_messages={"invalid_choice": "Ce diplôme ne fait pas partie des choix proposés."},
    )
    mois = forms.TypedChoiceField(
        label="Mois de la démarche",
        choices=francais.choix_des_mois,
        coerce=int,
        required=False,
        help_text="Certains dispositifs ne sont ouverts qu'à certaines périodes.",
        error_messages={"invalid_choice": "Choisissez un mois de janvier à décembre."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mois_courant = francais.mois(timezone.localdate().month)
        self.fields["mois"].choices = [
            ("", f"Ce mois-ci ({mois_courant})"),
            *francais.choix_des_mois(),
        ]
        # La géographie en vigueur le jour de la question.
        self.fields["quartier"].queryset = (
            Quartier.objects.courants().avec_classements().order_by("commune", "nom")
        )

    def clean(self):
        donnees = super().clean()
        situation, scolarise = donnees.get("situation"), donnees.get("scolarise")
        contradiction = (
            situation
            and scolarise
            and situation.scolarise is not None
            and (scolarise == "oui") != situation.scolarise
        )
        if contradiction:
            attendu = "est encore" if situation.scolarise else "n'est plus"
            self.add_error(
                "scolarise",
                f"La situation « {situation.libelle} » suppose que le jeune {attendu} "
                "inscrit dans un établissement : corrigez l'une des deux réponses.",
            )
        return donnees

    def clean_mois(self):
        return self.cleaned_data.get("mois") or timezone.localdate().month
