"""Les mesures des indicateurs dans l'espace équipe : écriture groupée avec historique, grille
« quartiers × années » d'un indicateur saisi, et lignes de l'export (que l'import relit, voir
`gestion.imports`). Ce que vaut une valeur tapée, et comment elle se retape :
`indicateurs.valeurs`.

La grille enregistre tout ou rien : une seule cellule invalide, et rien n'est écrit.
"""

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from contrat_ville.models import Quartier
from contrat_ville.registre import donnees_modifiees
from gestion.historique import noter_motif
from indicateurs.models import Indicateur, Mesure
from indicateurs.valeurs import (
    ANNEE_MAX,
    ANNEE_MIN,
    LONGUEUR_SOURCE,
    TYPES_NUMERIQUES,
    ValeurInvalide,
    ecrire_valeur,
    lire_valeur,
    texte_de_mesure,
)

ENSEMBLE = "Ensemble du territoire"
NOMBRE_D_ANNEES = 9
ECART_MAX = 30  # années affichées au plus dans une grille
MOTIF_GRILLE = "Saisie dans la grille des valeurs"
CHAMPS_ECRITS = ["valeur", "valeur_texte", "source", "commentaire", "est_exemple"]


# --- Écriture groupée, avec historique -------------------------------------------------------


@dataclass
class Ecritures:
    """Ce qu'une saisie change : mesures à créer, à modifier, à supprimer."""

    a_creer: list = field(default_factory=list)
    a_modifier: list = field(default_factory=list)
    a_supprimer: list = field(default_factory=list)

    def __len__(self):
        return len(self.a_creer) + len(self.a_modifier) + len(self.a_supprimer)


@transaction.atomic
def ecrire(ecritures, *, par, motif):
    """Écrit toutes les mesures en une transaction, chacune avec son entrée d'historique
    (auteur, motif). Créations et modifications sont groupées (un nombre fixe de requêtes) ;
    une suppression passe par `delete()`, qui écrit elle-même son entrée d'historique.

    Lève `IntegrityError` si une mesure de même indicateur, année, quartier et dispositif a
    été créée entre-temps : la transaction est alors annulée, rien n'est écrit."""
    if ecritures.a_creer:
        bulk_create_with_history(
            ecritures.a_creer,
            Mesure,
            batch_size=500,
            default_user=par,
            default_change_reason=motif,
        )
    if ecritures.a_modifier:
        bulk_update_with_history(
            ecritures.a_modifier,
            Mesure,
            CHAMPS_ECRITS,
            batch_size=500,
            default_user=par,
            default_change_reason=motif,
        )
    for mesure in ecritures.a_supprimer:
        noter_motif(mesure, motif)
        mesure.delete()
    if ecritures.a_creer or ecritures.a_modifier:
        donnees_modifiees()  # les écritures groupées n'envoient pas de signal au cache


# --- La grille d'un indicateur -------------------------------------------------------------


def annees_par_defaut():
    fin = timezone.localdate().year
    return fin - NOMBRE_D_ANNEES + 1, fin


class PlageAnnees(forms.Form):
    """Les années de la grille (paramètres GET) ; par défaut les neuf dernières."""

    debut = forms.IntegerField(
        label="De l'année", required=False, min_value=ANNEE_MIN, max_value=ANNEE_MAX
    )
    fin = forms.IntegerField(
        label="à l'année", required=False, min_value=ANNEE_MIN, max_value=ANNEE_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["debut"], self.initial["fin"] = annees_par_defaut()

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut is not None and fin is not None:
            if debut > fin:
                raise forms.ValidationError("La première année doit précéder la dernière.")
            if fin - debut >= ECART_MAX:
                raise forms.ValidationError(f"{ECART_MAX} années au plus à la fois.")
        return donnees

    def bornes(self):
        """(première, dernière année) demandées, ou celles par défaut sans demande ou si elle
        est invalide ; une seule borne donnée garde l'écart par défaut."""
        debut_defaut, fin_defaut = annees_par_defaut()
        if not self.is_bound or not self.is_valid():
            return debut_defaut, fin_defaut
        debut, fin = self.cleaned_data.get("debut"), self.cleaned_data.get("fin")
        if debut is None and fin is None:
            return debut_defaut, fin_defaut
        if debut is None:
            debut = max(ANNEE_MIN, fin - NOMBRE_D_ANNEES + 1)
        if fin is None:
            fin = min(ANNEE_MAX, debut + NOMBRE_D_ANNEES - 1)
        return debut, fin


class SourceForm(forms.Form):
    source = forms.CharField(
        label="Source des valeurs saisies (facultatif)",
        required=False,
        max_length=LONGUEUR_SOURCE,
        help_text="Notée sur chaque valeur créée ou modifiée par cet enregistrement ; "
        "laissée vide, la source déjà notée ne change pas.",
    )


@dataclass
class Cellule:
    """Une case de la grille : ce qu'elle affiche (`saisie`), la valeur que la personne avait
    sous les yeux en ouvrant la grille (`origine`, renvoyée en champ caché) et la valeur en
    base (`courante`)."""

    quartier: Quartier | None
    annee: int
    libelle: str  # « Sanitas, 2021 » : le nom du champ pour un lecteur d'écran
    mesure: Mesure | None
    courante: str
    saisie: str = ""
    origine: str = ""
    erreur: str = ""

    @property
    def cle(self):
        return f"{self.quartier.pk if self.quartier else 0}-{self.annee}"

    @property
    def nom(self):
        return f"c-{self.cle}"

    @property
    def nom_origine(self):
        return f"o-{self.cle}"

    @property
    def id(self):
        return f"cellule-{self.cle}"

    @property
    def est_exemple(self):
        return self.mesure is not None and self.mesure.est_exemple


@dataclass
class Ligne:
    quartier: Quartier | None
    titre: str
    cellules: list


@dataclass
class Grille:
    indicateur: Indicateur
    annees: list
    lignes: list
    autres_annees: list  # années hors de la plage qui ont des valeurs
    nombre_par_dispositif: int  # mesures par dispositif, hors de la grille
    conflits: int = 0

    @property
    def cellules(self):
        return [cellule for ligne in self.lignes for cellule in ligne.cellules]

    @property
    def erreurs(self):
        return [cellule for cellule in self.cellules if cellule.erreur]

    def lire(self, donnees, *, source=""):
        """Les écritures que demande le formulaire envoyé `donnees` ; chaque erreur est posée
        sur sa cellule, et la saisie de chaque cellule est gardée pour être réaffichée.

        Une cellule que la personne n'a pas changée n'est pas écrite, même si quelqu'un d'autre
        l'a changée entre-temps. Une cellule changée des deux côtés est un conflit : signalé,
        pas écrasé ; le renvoi, valeur actuelle en vue, l'écrit."""
        ecritures = Ecritures()
        for cellule in self.cellules:
            if cellule.nom not in donnees:  # case absente du formulaire envoyé : intouchée
                continue
            saisie = donnees[cellule.nom].strip()
            origine = donnees.get(cellule.nom_origine, cellule.courante)
            if saisie == origine:
                cellule.saisie = cellule.origine = cellule.courante
                continue
            cellule.saisie = saisie
            if saisie == cellule.courante:
                cellule.origine = cellule.courante
                continue
            if origine != cellule.courante:
                cellule.origine = cellule.courante
                actuelle = cellule.courante or "vide"
                cellule.erreur = (
                    f"Modifiée par quelqu'un d'autre pendant votre saisie (valeur actuelle : "
                    f"{actuelle}). Vérifiez, puis enregistrez de nouveau pour garder la vôtre."
                )
                self.conflits += 1
                continue
            cellule.origine = origine
            self._ecriture(cellule, ecritures, source)
        return ecritures

    def _ecriture(self, cellule, ecritures, source):
        if not cellule.saisie:
            if cellule.mesure is not None:
                ecritures.a_supprimer.append(cellule.mesure)
            return
        try:
            valeur, texte = lire_valeur(self.indicateur, cellule.saisie)
        except ValeurInvalide as erreur:
            cellule.erreur = capfirst(str(erreur)) + "."
            return
        mesure = cellule.mesure
        if mesure is None:
            mesure = Mesure(indicateur=self.indicateur, periode=cellule.annee)
            mesure.quartier = cellule.quartier
            ecrire_valeur(mesure, valeur, texte, source=source)
            ecritures.a_creer.append(mesure)
        elif (valeur, texte) != (mesure.valeur, mesure.valeur_texte):  # « 10,0 » pour « 10 »
            ecrire_valeur(mesure, valeur, texte, source=source)
            ecritures.a_modifier.append(mesure)


def _libelles_de_quartier(quartiers):
    """Le nom de chaque quartier, avec sa commune si deux quartiers portent le même nom."""
    homonymes = Counter(quartier.nom for quartier in quartiers)
    return {
        quartier.pk: quartier.nom if homonymes[quartier.nom] == 1 else str(quartier)
        for quartier in quartiers
    }


def charger_grille(indicateur, debut, fin):
    """La grille de `indicateur` pour les années `debut` à `fin`, en quatre requêtes quel que
    soit le nombre de quartiers, d'années et de valeurs."""
    annees = list(range(debut, fin + 1))
    quartiers = list(Quartier.objects.order_by("commune", "nom"))
    mesures = Mesure.objects.filter(
        indicateur=indicateur, dispositif__isnull=True, periode__range=(debut, fin)
    )
    par_case = {(mesure.quartier_id, mesure.periode): mesure for mesure in mesures}
    libelles = _libelles_de_quartier(quartiers)

    def ligne(quartier):
        nom = libelles[quartier.pk] if quartier else ENSEMBLE
        cellules = []
        for annee in annees:
            mesure = par_case.get((quartier.pk if quartier else None, annee))
            courante = texte_de_mesure(indicateur, mesure)
            cellules.append(
                Cellule(
                    quartier=quartier,
                    annee=annee,
                    libelle=f"{nom}, {annee}",
                    mesure=mesure,
                    courante=courante,
                    saisie=courante,
                    origine=courante,
                )
            )
        return Ligne(
            quartier=quartier, titre=str(quartier) if quartier else ENSEMBLE, cellules=cellules
        )

    hors_grille = Mesure.objects.filter(indicateur=indicateur).order_by()
    autres_annees = sorted(
        hors_grille.filter(dispositif__isnull=True)
        .exclude(periode__range=(debut, fin))
        .values_list("periode", flat=True)
        .distinct()
    )
    return Grille(
        indicateur=indicateur,
        annees=annees,
        lignes=[ligne(None), *(ligne(quartier) for quartier in quartiers)],
        autres_annees=autres_annees,
        nombre_par_dispositif=hors_grille.filter(dispositif__isnull=False).count(),
    )


# --- Export des mesures (format relu par l'import) -----------------------------------------

COLONNES_EXPORT = [
    "indicateur",
    "libellé de l'indicateur",
    "année",
    "quartier",
    "dispositif",
    "valeur",
    "source",
    "commentaire",
    "exemple",
]


def mesures_a_exporter(indicateur=None):
    """Les mesures des indicateurs saisis (celles d'un indicateur calculé ne servent pas), en
    une requête."""
    mesures = Mesure.objects.filter(indicateur__calcul=Indicateur.Calcul.SAISI)
    if indicateur is not None:
        mesures = mesures.filter(indicateur=indicateur)
    return mesures.select_related("indicateur", "quartier", "dispositif").order_by(
        "indicateur__fiche__code", "indicateur_id", "periode", "quartier__slug", "dispositif__slug"
    )


def lignes_export(mesures):
    for mesure in mesures.iterator(chunk_size=2000):
        indicateur = mesure.indicateur
        valeur = texte_de_mesure(indicateur, mesure)
        if mesure.valeur is not None and indicateur.type_valeur in TYPES_NUMERIQUES:
            valeur = mesure.valeur  # un nombre, pour le tableur
        yield [
            indicateur.pk,
            indicateur.libelle,
            mesure.periode,
            mesure.quartier.slug if mesure.quartier else "",
            mesure.dispositif.slug if mesure.dispositif else "",
            valeur,
            mesure.source,
            mesure.commentaire,
            "oui" if mesure.est_exemple else "non",
        ]
