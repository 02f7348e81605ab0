from django import forms
from django.utils import timezone

from contrat_ville import francais
from contrat_ville.formulaires import FormulaireDeFiltres, ListeDeChoix
from contrat_ville.models import Quartier, Structure
from dispositifs.annuaire import Public
from dispositifs.models import Dispositif, NiveauDiplome, Situation, Thematique
from dispositifs.orientation import SITUATION_INSTRUCTION_OBLIGATOIRE
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


class ChoixDuDiplome(forms.ModelChoiceField):
    """Un niveau du référentiel des diplômes, par son code ; les codes d'avant le référentiel
    (`brevet_cfg`, `cap_bep`) sont lus comme les nouveaux, dans les liens déjà partagés."""

    ANCIENS_CODES = {"brevet_cfg": "brevet-cfg", "cap_bep": "cap-bep"}

    def normaliser(self, valeur):
        return self.ANCIENS_CODES.get(valeur, valeur) if isinstance(valeur, str) else valeur

    def to_python(self, value):
        return super().to_python(self.normaliser(value))

    def bound_data(self, data, initial):
        return self.normaliser(super().bound_data(data, initial))


class OrientationForm(forms.Form):
    """« Quelle solution pour ce jeune ? » : quelques questions, aucune donnée conservée. Les
    paramètres GET forment une adresse partageable (`age`, `situation` répétable, `quartier`,
    `scolarise`, `diplome`, `handicap=1`, `mois`)."""

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
    situation = forms.ModelMultipleChoiceField(
        label="Sa situation",
        queryset=Situation.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez toutes celles qui le concernent.",
        error_messages={
            "required": "Cochez au moins une situation.",
            "invalid_choice": "Cette situation ne fait pas partie des choix proposés.",
            "invalid_list": "Liste de situations invalide.",
            "invalid_pk_value": "Cette situation ne fait pas partie des choix proposés.",
        },
    )
    quartier = forms.ModelChoiceField(
        label="Son quartier (facultatif)",
        queryset=Quartier.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Je ne sais pas",
        widget=ListeDeChoix,
        error_messages={"invalid_choice": "Ce quartier ne fait pas partie des choix proposés."},
    )
    scolarise = forms.ChoiceField(
        label="Est-il encore inscrit dans un établissement ? (facultatif)",
        choices=SCOLARISE,
        required=False,
        error_messages={"invalid_choice": "Répondez oui, non ou « je ne sais pas »."},
    )
    diplome = ChoixDuDiplome(
        label="Son plus haut diplôme (facultatif)",
        queryset=NiveauDiplome.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Je ne sais pas",
        error_messages={"invalid_choice": "Ce diplôme ne fait pas partie des choix proposés."},
    )
    handicap = forms.BooleanField(
        label="Reconnaissance de handicap (RQTH)",
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),  # `?handicap=1`
        help_text="Certains dispositifs accueillent plus longtemps un jeune reconnu handicapé.",
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
        # L'instruction obligatoire se déduit de l'âge et de la scolarité : pas une case.
        self.fields["situation"].queryset = Situation.objects.exclude(
            code=SITUATION_INSTRUCTION_OBLIGATOIRE
        )
        # La géographie en vigueur le jour de la question.
        self.fields["quartier"].queryset = (
            Quartier.objects.courants().avec_classements().order_by("commune", "nom")
        )

    def clean(self):
        donnees = super().clean()
        situations, scolarise = donnees.get("situation") or [], donnees.get("scolarise")
        dans_l_ecole = [s for s in situations if s.scolarise is True]
        hors_de_l_ecole = [s for s in situations if s.scolarise is False]
        if dans_l_ecole and hors_de_l_ecole:
            self.add_error(
                "situation",
                f"« {dans_l_ecole[0].libelle} » et « {hors_de_l_ecole[0].libelle} » ne vont pas "
                "ensemble : le jeune est inscrit dans un établissement ou ne l'est plus.",
            )
            return donnees
        contraires = [
            s
            for s in situations
            if scolarise and s.scolarise is not None and (scolarise == "oui") != s.scolarise
        ]
        if contraires:
            attendu = "est encore" if contraires[0].scolarise else "n'est plus"
            self.add_error(
                "scolarise",
                f"La situation « {contraires[0].libelle} » suppose que le jeune {attendu} "
                "inscrit dans un établissement : corrigez l'une des deux réponses.",
            )
        return donnees

    def clean_mois(self):
        return self.cleaned_data.get("mois") or timezone.localdate().month

    def criteres(self):
        """Les réponses, dans les termes de `orienter()`."""
        donnees = self.cleaned_data
        return {
            "age": donnees["age"],
            "situations": list(donnees["situation"]),
            "quartier": donnees["quartier"],
            "scolarise": donnees["scolarise"],
            "diplome": donnees["diplome"].code if donnees["diplome"] else "",
            "handicap": donnees["handicap"],
            "mois": donnees["mois"],
        }
