"""L'import des mesures d'indicateurs depuis un fichier CSV ou XLSX, en deux temps : une analyse
à blanc qui dit, ligne par ligne, ce qui serait créé, mis à jour, laissé tel quel ou rejeté (et
pourquoi), puis, sur confirmation, l'écriture en une transaction.

Le fichier a les colonnes de l'export des mesures (`gestion.mesures.COLONNES_EXPORT`) :
indicateur (identifiant ou libellé), année, quartier (identifiant d'URL, vide pour l'ensemble du
territoire), dispositif (identifiant d'URL ou vide), valeur, source, commentaire. Les colonnes
informatives de l'export (libellé de l'indicateur, exemple) sont ignorées, les autres colonnes
inconnues aussi, avec un avertissement. Un import ne supprime jamais de valeur.

Entre l'analyse et la confirmation, le fichier déposé est gardé tel quel dans le stockage des
fichiers (`imports/`, nom aléatoire) ; la session (côté serveur) garde son nom et son empreinte
SHA-256, sous un jeton propre à la personne. Rien de ce que le navigateur renvoie n'est cru :
la confirmation relit le fichier, vérifie son empreinte et refait l'analyse.
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
import secrets
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename
from openpyxl import load_workbook

from contrat_ville import francais
from contrat_ville.models import Quartier
from dispositifs.models import Dispositif
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
from portail.tableurs import sans_neutralisation

TAILLE_MAX = 5 * 1024 * 1024
LIGNES_MAX = 50_000
# Un XLSX est une archive zip : une petite archive peut cacher d'énormes feuilles.
TAILLE_DECOMPRESSEE_MAX = 60 * 1024 * 1024
COLONNES_MAX = 50
LONGUEUR_COMMENTAIRE = 2000

OBLIGATOIRES = ("indicateur", "annee", "valeur")
COLONNES = {
    "indicateur": "indicateur",
    "annee": "annee",
    "periode": "annee",
    "quartier": "quartier",
    "dispositif": "dispositif",
    "valeur": "valeur",
    "source": "source",
    "commentaire": "commentaire",
}
LIBELLES = {
    "indicateur": "indicateur",
    "annee": "année",
    "quartier": "quartier",
    "dispositif": "dispositif",
    "valeur": "valeur",
    "source": "source",
    "commentaire": "commentaire",
}
# Colonnes de l'export qui ne s'importent pas : ignorées sans avertissement.
INFORMATIVES = {"libelle de l indicateur", "exemple"}

CHIFFRES = re.compile(r"[0-9]{1,18}")  # pas `isdigit()`, qui accepte « ² » ou « ٣ »
CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class FichierIllisible(Exception):
    """Le fichier entier est refusé ; le message dit pourquoi, en français."""


class Formule(str):
    """Une cellule XLSX qui contient une formule : refusée, l'import attend des valeurs."""


# --- Lecture du fichier ----------------------------------------------------------------------


@dataclass
class Tableau:
    """Les lignes d'un fichier, numérotées comme dans un tableur (en-tête : ligne 1)."""

    entetes: list
    lignes: list  # (numéro, [cellules])


def _decoder(contenu):
    """Le texte d'un CSV : UTF-8 (avec ou sans BOM), UTF-16 avec BOM, sinon Windows-1252 (qui
    lit aussi tout texte ISO-8859-1/Latin-1). Un fichier binaire est refusé."""
    try:
        if contenu.startswith(codecs.BOM_UTF8):
            texte = contenu[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif contenu.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            texte = contenu.decode("utf-16")
        else:
            try:
                texte = contenu.decode("utf-8")
            except UnicodeDecodeError:
                texte = contenu.decode("cp1252")
    except UnicodeDecodeError:
        texte = None
    if texte is None or CONTROLES.search(texte):
        raise FichierIllisible(
            "Fichier illisible : ce n'est ni un CSV (texte) ni un XLSX, ou son encodage n'est "
            "pas reconnu. Enregistrez-le depuis votre tableur au format « CSV UTF-8 » ou .xlsx."
        )
    return texte


def _separateur(texte):
    """« ; » (tableur français), « , » ou tabulation : le plus fréquent dans l'en-tête."""
    entete = texte.split("\n", 1)[0]
    return max([";", ",", "\t"], key=entete.count)


def _nettoyer(texte):
    """Une cellule sans espaces autour, sans l'apostrophe que nos exports mettent devant ce qui
    ressemble à une formule."""
    texte = texte.replace("\x00", "").strip()  # PostgreSQL refuse le caractère nul
    return sans_neutralisation(texte)


def _lignes_csv(contenu):
    texte = _decoder(contenu)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=_separateur(texte))
    numero = 0
    try:
        for numero, ligne in enumerate(lecteur, start=1):
            yield numero, [_nettoyer(cellule) for cellule in ligne[:COLONNES_MAX]]
    except csv.Error as erreur:
        raise FichierIllisible(
            f"Fichier CSV mal formé vers la ligne {numero + 1} (guillemet non fermé ou cellule "
            "démesurée) : corrigez-le dans votre tableur puis enregistrez-le de nouveau."
        ) from erreur


def _cellule_xlsx(cellule):
    valeur = cellule.value
    if valeur is None:
        return ""
    if cellule.data_type == "f":
        return Formule(valeur)
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float):
        if "%" in (getattr(cellule, "number_format", "") or ""):
            valeur = valeur * 100  # 12,5 % est rangé 0,125 par le tableur
        if isinstance(valeur, float):
            # Les flottants du tableur (0,1 + 0,2…) arrondis à ce qu'il affiche.
            valeur = round(valeur, 9)
            if valeur.is_integer():
                return str(int(valeur))
            return format(Decimal(repr(valeur)), "f")
        return str(valeur)
    if isinstance(valeur, datetime.datetime | datetime.date | datetime.time):
        return valeur.isoformat()
    return _nettoyer(str(valeur))


def _lignes_xlsx(contenu):
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            decompresse = sum(element.file_size for element in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as erreur:
        raise FichierIllisible(_XLSX_ILLISIBLE) from erreur
    if decompresse > TAILLE_DECOMPRESSEE_MAX:
        raise FichierIllisible(
            "Fichier XLSX trop volumineux une fois décompressé : enregistrez-le en CSV, ou "
            "découpez-le en plusieurs fichiers."
        )
    classeur = None
    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
        if not classeur.worksheets:
            raise FichierIllisible("Le classeur XLSX ne contient aucune feuille.")
        for numero, ligne in enumerate(classeur.worksheets[0].iter_rows(), start=1):
            yield numero, [_cellule_xlsx(cellule) for cellule in ligne[:COLONNES_MAX]]
    except FichierIllisible:
        raise
    except Exception as erreur:  # openpyxl lève de tout sur une archive abîmée
        raise FichierIllisible(_XLSX_ILLISIBLE) from erreur
    finally:
        if classeur is not None:
            classeur.close()


_XLSX_ILLISIBLE = (
    "Fichier XLSX illisible ou endommagé : ouvrez-le dans votre tableur et enregistrez-le de "
    "nouveau au format .xlsx (ou .csv)."
)


def lire_tableau(contenu, nom):
    """Le `Tableau` d'un fichier déposé ; lève `FichierIllisible` pour un fichier vide, trop
    gros, trop long, endommagé, d'un format inconnu, ou sans les colonnes obligatoires."""
    if not contenu or not contenu.strip():
        raise FichierIllisible("Le fichier est vide.")
    if len(contenu) > TAILLE_MAX:
        raise FichierIllisible(
            f"Fichier trop volumineux ({len(contenu) / 1024 / 1024:.1f} Mo) : "
            f"{TAILLE_MAX // 1024 // 1024} Mo au plus. Découpez-le en plusieurs imports."
        )
    if contenu.startswith(b"PK\x03\x04"):
        lignes = _lignes_xlsx(contenu)
    elif contenu.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierIllisible(
            "Format Excel 97-2003 (.xls) non pris en charge : enregistrez le fichier au format "
            ".xlsx ou CSV."
        )
    elif nom.lower().endswith(".xlsx"):
        raise FichierIllisible(_XLSX_ILLISIBLE)
    else:
        lignes = _lignes_csv(contenu)

    entetes, donnees = None, []
    for numero, cellules in lignes:
        if not any(cellules):
            continue  # ligne vide
        if entetes is None:
            entetes = cellules
            continue
        if len(donnees) >= LIGNES_MAX:
            raise FichierIllisible(
                f"Trop de lignes : {francais.nombre(LIGNES_MAX)} au plus par import. "
                "Découpez le fichier en plusieurs imports."
            )
        donnees.append((numero, cellules))
    if entetes is None:
        raise FichierIllisible("Le fichier est vide.")
    tableau = Tableau(entetes=entetes, lignes=donnees)
    correspondance(tableau.entetes)  # colonnes obligatoires, doublons
    if not donnees:
        raise FichierIllisible(
            "Le fichier ne contient que la ligne d'en-tête : aucune valeur à importer."
        )
    return tableau


def _cle_entete(texte):
    """« Année », « annee », « ANNÉE » et « Libellé de l'indicateur » → « annee »,
    « libelle de l indicateur »."""
    return re.sub(r"[^a-z0-9]+", " ", francais.replier(str(texte))).strip()


@dataclass
class Correspondance:
    colonnes: dict  # nom canonique → rang de la colonne
    ignorees: list  # en-têtes inconnus, tels qu'écrits


def correspondance(entetes):
    colonnes, ignorees = {}, []
    for rang, entete in enumerate(entetes):
        cle = _cle_entete(entete)
        nom = COLONNES.get(cle)
        if nom is None:
            if cle and cle not in INFORMATIVES:
                ignorees.append(str(entete))
            continue
        if nom in colonnes:
            raise FichierIllisible(f"Colonne en double dans l'en-tête : « {LIBELLES[nom]} ».")
        colonnes[nom] = rang
    manquantes = ", ".join(f"« {LIBELLES[nom]} »" for nom in OBLIGATOIRES if nom not in colonnes)
    if manquantes:
        raise FichierIllisible(
            f"Colonnes obligatoires absentes de la première ligne : {manquantes}. La première "
            "ligne doit nommer les colonnes, comme dans l'export des mesures."
        )
    return Correspondance(colonnes=colonnes, ignorees=ignorees)


# --- Analyse -----------------------------------------------------------------------------------


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


# --- Le fichier entre l'analyse et la confirmation ------------------------------------------

DOSSIER = "imports"
CLE_SESSION = "imports_mesures"
EN_ATTENTE_MAX = 3  # imports en attente de confirmation par session
DUREE_DE_GARDE = datetime.timedelta(hours=24)


def nom_de_fichier(nom):
    """Le nom du fichier déposé, tel qu'affiché et noté dans l'historique."""
    nom = get_valid_filename(nom.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:80]
    return nom or "fichier"


def deposer(session, contenu, nom):
    """Garde le fichier jusqu'à la confirmation ; renvoie le jeton de l'import."""
    nettoyer_fichiers_abandonnes()
    chemin = default_storage.save(
        f"{DOSSIER}/{secrets.token_urlsafe(24)}.import", ContentFile(contenu)
    )
    en_attente = dict(session.get(CLE_SESSION, {}))
    while len(en_attente) >= EN_ATTENTE_MAX:
        plus_ancien = min(en_attente, key=lambda jeton: en_attente[jeton]["depose_le"])
        default_storage.delete(en_attente.pop(plus_ancien)["fichier"])
    jeton = secrets.token_urlsafe(16)
    en_attente[jeton] = {
        "fichier": chemin,
        "nom": nom_de_fichier(nom),
        "empreinte": hashlib.sha256(contenu).hexdigest(),
        "depose_le": time.time(),
    }
    session[CLE_SESSION] = en_attente
    return jeton


def relire(session, jeton):
    """(contenu, nom) du fichier gardé sous `jeton` pour cette session, ou None (jeton
    inconnu, import déjà fait ou annulé, fichier disparu ou modifié)."""
    entree = session.get(CLE_SESSION, {}).get(jeton)
    if entree is None:
        return None
    try:
        with default_storage.open(entree["fichier"], "rb") as fichier:
            contenu = fichier.read()
    except OSError:
        contenu = None
    if contenu is None or hashlib.sha256(contenu).hexdigest() != entree["empreinte"]:
        oublier(session, jeton)
        return None
    return contenu, entree["nom"]


def oublier(session, jeton):
    en_attente = dict(session.get(CLE_SESSION, {}))
    entree = en_attente.pop(jeton, None)
    if entree is not None:
        default_storage.delete(entree["fichier"])
    session[CLE_SESSION] = en_attente


def nettoyer_fichiers_abandonnes():
    """Supprime les fichiers d'imports jamais confirmés ni annulés (session fermée)."""
    try:
        _, fichiers = default_storage.listdir(DOSSIER)
    except (FileNotFoundError, NotImplementedError):
        return
    limite = timezone.now() - DUREE_DE_GARDE
    for nom in fichiers:
        chemin = f"{DOSSIER}/{nom}"
        try:
            if default_storage.get_modified_time(chemin) < limite:
                default_storage.delete(chemin)
        except (FileNotFoundError, NotImplementedError):
            continue
