"""L'analyse à blanc d'un `Tableau` : ce que chaque ligne créerait, mettrait à jour, laisserait
tel quel ou pourquoi elle est rejetée (`Rapport`), puis, sur confirmation, l'écriture des lignes
valides en une transaction (`appliquer`). Ce que vaut une valeur tapée : `indicateurs.valeurs`.
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from contrat_ville.models import Quartier
from dispositifs.models import Dispositif
from gestion.imports.lecture import LIBELLES, Formule, correspondance
from gestion.mesures import Ecritures, ecrire
from indicateurs.models import Indicateur, Mesure
from indicateurs.valeurs import (
    ANNEE_MAX,
    ANNEE_MIN,
    LONGUEUR_SOURCE,
    ValeurInvalide,
    ecrire_valeur,
    lire_valeur,
    texte_de_mesure,
)

LONGUEUR_COMMENTAIRE = 2000
CHIFFRES = re.compile(r"[0-9]{1,18}")  # pas `isdigit()`, qui accepte « ² » ou « ٣ »


class Statut:
    CREATION = "creation"
    MISE_A_JOUR = "mise_a_jour"
    INCHANGEE = "inchangee"
    REJETEE = "rejetee"


LIBELLES_STATUT = {
    Statut.CREATION: "création",
    Statut.MISE_A_JOUR: "mise à jour",
    Statut.INCHANGEE: "inchangée",
    Statut.REJETEE: "rejetée",
}


@dataclass
class LigneImport:
    numero: int
    indicateur: str
    annee: str
    quartier: str
    dispositif: str
    valeur: str
    statut: str = Statut.REJETEE
    raisons: list = field(default_factory=list)
    changements: list = field(default_factory=list)
    mesure: Mesure | None = None
    cle: tuple | None = None

    @property
    def libelle_statut(self):
        return LIBELLES_STATUT[self.statut]


@dataclass
class Rapport:
    nom: str
    lignes: list
    colonnes_ignorees: list

    def _de(self, statut):
        return [ligne for ligne in self.lignes if ligne.statut == statut]

    @cached_property
    def creations(self):
        return self._de(Statut.CREATION)

    @cached_property
    def mises_a_jour(self):
        return self._de(Statut.MISE_A_JOUR)

    @cached_property
    def inchangees(self):
        return self._de(Statut.INCHANGEE)

    @cached_property
    def rejetees(self):
        return self._de(Statut.REJETEE)

    @cached_property
    def valides(self):
        return [ligne for ligne in self.lignes if ligne.statut != Statut.REJETEE]

    @cached_property
    def a_ecrire(self):
        return len(self.creations) + len(self.mises_a_jour)

    @cached_property
    def empreinte(self):
        """Ce que dit le rapport, résumé : la confirmation n'écrit que si l'analyse refaite à ce
        moment donne exactement le même rapport que celui que la personne a lu."""
        resume = [
            (ligne.numero, ligne.statut, ligne.raisons, ligne.changements) for ligne in self.lignes
        ]
        return hashlib.sha256(repr(resume).encode()).hexdigest()


@dataclass
class References:
    """Indicateurs, quartiers, dispositifs et mesures existantes, lus en un nombre fixe de
    requêtes pour tout le fichier."""

    indicateurs: dict
    par_libelle: dict
    quartiers: dict
    dispositifs: dict
    mesures: dict = field(default_factory=dict)

    @classmethod
    def charger(cls):
        indicateurs = {indicateur.pk: indicateur for indicateur in Indicateur.objects.all()}
        par_libelle = defaultdict(list)
        for indicateur in indicateurs.values():
            par_libelle[indicateur.libelle.strip().casefold()].append(indicateur)
        return cls(
            indicateurs=indicateurs,
            par_libelle=par_libelle,
            quartiers={q.slug.casefold(): q for q in Quartier.objects.all()},
            dispositifs={
                slug.casefold(): pk for pk, slug in Dispositif.objects.values_list("pk", "slug")
            },
        )

    def charger_mesures(self, indicateurs):
        mesures = Mesure.objects.filter(indicateur__in=indicateurs)
        self.mesures = {
            (m.indicateur_id, m.periode, m.quartier_id, m.dispositif_id): m for m in mesures
        }

    def indicateur(self, texte):
        if not texte:
            raise ValeurInvalide("indicateur manquant")
        if CHIFFRES.fullmatch(texte):
            if indicateur := self.indicateurs.get(int(texte)):
                return indicateur
            raise ValeurInvalide(f"indicateur inconnu : « {texte} »")
        trouves = self.par_libelle.get(texte.casefold(), [])
        if len(trouves) > 1:
            raise ValeurInvalide(
                f"libellé d'indicateur ambigu : « {texte} » ({len(trouves)} indicateurs le "
                "portent), indiquez son identifiant"
            )
        if not trouves:
            raise ValeurInvalide(f"indicateur inconnu : « {texte} »")
        return trouves[0]


def _annee(texte):
    if not texte:
        raise ValeurInvalide("année manquante")
    if not CHIFFRES.fullmatch(texte) or not ANNEE_MIN <= int(texte) <= ANNEE_MAX:
        raise ValeurInvalide(f"année invalide : « {texte} » (de {ANNEE_MIN} à {ANNEE_MAX})")
    return int(texte)


def _texte(valeur):
    return valeur or "vide"


def analyser(tableau, *, nom):
    """Le rapport ligne par ligne de l'import de `tableau`, sans rien écrire."""
    colonnes = correspondance(tableau.entetes)
    references = References.charger()

    def lire(cellules, nom_colonne):
        rang = colonnes.colonnes.get(nom_colonne)
        return cellules[rang] if rang is not None and rang < len(cellules) else ""

    lues, indicateurs = [], set()
    for numero, cellules in tableau.lignes:
        brut = {nom: lire(cellules, nom) for nom in LIBELLES}
        ligne = LigneImport(
            numero=numero,
            indicateur=brut["indicateur"],
            annee=brut["annee"],
            quartier=brut["quartier"],
            dispositif=brut["dispositif"],
            valeur=brut["valeur"],
        )
        lues.append((ligne, brut))
        formules = [LIBELLES[nom] for nom, valeur in brut.items() if isinstance(valeur, Formule)]
        if formules:
            ligne.raisons.append(
                "formule refusée (colonne " + ", ".join(f"« {c} »" for c in formules) + ") : "
                "saisissez la valeur elle-même"
            )
            continue
        _verifier(ligne, brut, references)
        if ligne.cle:
            indicateurs.add(ligne.cle[0])
    lignes = [ligne for ligne, _ in lues]
    _rejeter_doublons(lignes)
    references.charger_mesures(indicateurs)
    for ligne, brut in lues:
        if ligne.cle and not ligne.raisons:
            _comparer(ligne, brut, references, colonnes.colonnes)
    return Rapport(nom=nom, lignes=lignes, colonnes_ignorees=colonnes.ignorees)


def _verifier(ligne, brut, references):
    """Pose `ligne.cle` (indicateur, année, quartier, dispositif) ou les raisons du rejet."""
    raisons = ligne.raisons
    indicateur = annee = quartier = dispositif = None
    try:
        indicateur = references.indicateur(brut["indicateur"])
        ligne.indicateur = indicateur.libelle
        if indicateur.est_calcule:
            raisons.append("indicateur calculé : valeur non saisissable")
    except ValeurInvalide as erreur:
        raisons.append(str(erreur))
    try:
        annee = _annee(brut["annee"])
    except ValeurInvalide as erreur:
        raisons.append(str(erreur))
    if brut["quartier"]:
        quartier = references.quartiers.get(brut["quartier"].casefold())
        if quartier is None:
            raisons.append(f"quartier inconnu : « {brut['quartier']} »")
    if brut["dispositif"]:
        dispositif = references.dispositifs.get(brut["dispositif"].casefold())
        if dispositif is None:
            raisons.append(f"dispositif inconnu : « {brut['dispositif']} »")
    if not brut["valeur"]:
        raisons.append("valeur manquante (un import ne supprime pas de valeur)")
    if len(brut["source"]) > LONGUEUR_SOURCE:
        raisons.append(f"source trop longue ({LONGUEUR_SOURCE} caractères au plus)")
    if len(brut["commentaire"]) > LONGUEUR_COMMENTAIRE:
        raisons.append(f"commentaire trop long ({LONGUEUR_COMMENTAIRE} caractères au plus)")
    if not raisons:
        ligne.cle = (indicateur.pk, annee, quartier.pk if quartier else None, dispositif)
        ligne.mesure = Mesure(
            indicateur=indicateur, periode=annee, quartier=quartier, dispositif_id=dispositif
        )
    elif indicateur is not None and not indicateur.est_calcule:
        # Une valeur invalide est signalée même quand la ligne l'est déjà pour autre chose.
        try:
            if brut["valeur"]:
                lire_valeur(indicateur, brut["valeur"])
        except ValeurInvalide as erreur:
            raisons.append(str(erreur))


def _rejeter_doublons(lignes):
    par_cle = defaultdict(list)
    for ligne in lignes:
        if ligne.cle and not ligne.raisons:
            par_cle[ligne.cle].append(ligne)
    for doublons in par_cle.values():
        if len(doublons) > 1:
            numeros = ", ".join(str(ligne.numero) for ligne in doublons)
            for ligne in doublons:
                ligne.raisons.append(
                    f"doublon dans le fichier : même indicateur, année, quartier et dispositif "
                    f"aux lignes {numeros}"
                )
                ligne.cle = ligne.mesure = None


def _comparer(ligne, brut, references, colonnes):
    """Création, mise à jour (et ce qui change) ou ligne inchangée ; ou rejet pour une valeur
    que l'indicateur ne peut pas recevoir."""
    existante = references.mesures.get(ligne.cle)
    indicateur = references.indicateurs[ligne.cle[0]]
    avant = texte_de_mesure(indicateur, existante)
    if existante is not None and brut["valeur"] == avant:
        valeur, texte = existante.valeur, existante.valeur_texte  # telle qu'exportée
    else:
        try:
            valeur, texte = lire_valeur(indicateur, brut["valeur"])
        except ValeurInvalide as erreur:
            ligne.raisons.append(str(erreur))
            ligne.mesure = None
            return
    if existante is None:
        mesure = ligne.mesure
        ecrire_valeur(mesure, valeur, texte)
        mesure.source, mesure.commentaire = brut["source"], brut["commentaire"]
        ligne.statut = Statut.CREATION
        return
    changements = []
    if (valeur, texte) != (existante.valeur, existante.valeur_texte):
        apres = texte_de_mesure(indicateur, Mesure(valeur=valeur, valeur_texte=texte))
        changements.append(f"valeur : {_texte(avant)} → {_texte(apres)}")
    # Une colonne absente du fichier laisse la donnée telle quelle ; présente et vide, l'efface.
    for nom in ("source", "commentaire"):
        if nom in colonnes and brut[nom] != getattr(existante, nom):
            changements.append(f"{nom} : {_texte(getattr(existante, nom))} → {_texte(brut[nom])}")
    if not changements:
        ligne.statut, ligne.mesure = Statut.INCHANGEE, None
        return
    ecrire_valeur(existante, valeur, texte)
    for nom in ("source", "commentaire"):
        if nom in colonnes:
            setattr(existante, nom, brut[nom])
    ligne.statut, ligne.mesure, ligne.changements = Statut.MISE_A_JOUR, existante, changements


def appliquer(rapport, *, par):
    """Écrit les créations et mises à jour des lignes valides, en une transaction ; les lignes
    rejetées sont laissées de côté. Lève `IntegrityError` (rien n'est écrit) si une mesure en
    double a été créée entre-temps."""
    ecritures = Ecritures(
        a_creer=[ligne.mesure for ligne in rapport.creations],
        a_modifier=[ligne.mesure for ligne in rapport.mises_a_jour],
    )
    ecrire(ecritures, par=par, motif=f"Import du fichier {rapport.nom}")
    return ecritures
