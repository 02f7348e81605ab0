"""Lire un fichier déposé (CSV ou XLSX) en un `Tableau` : décodage, séparateur, cellules
nettoyées, en-tête reconnu (`correspondance`) ; tout fichier qu'on ne peut pas lire est refusé
avec un message en français (`FichierIllisible`)."""

import codecs
import csv
import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import load_workbook

from contrat_ville import francais
from portail.tableurs import sans_neutralisation

TAILLE_MAX = 5 * 1024 * 1024
LIGNES_MAX = 50_000
# Un XLSX est une archive zip : une petite archive peut cacher d'énormes feuilles.
TAILLE_DECOMPRESSEE_MAX = 60 * 1024 * 1024
COLONNES_MAX = 50

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

CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class FichierIllisible(Exception):
    """Le fichier entier est refusé ; le message dit pourquoi, en français."""


class Formule(str):
    """Une cellule XLSX qui contient une formule : refusée, l'import attend des valeurs."""


@dataclass
class Tableau:
    """Les lignes d'un fichier, numérotées comme dans un tableur (en-tête : ligne 1)."""

    entetes: list
    lignes: list  # (numéro, [cellules])

    def en_json(self):
        """Le tableau lu, gardé tel quel jusqu'à la confirmation : le fichier n'est lu qu'une
        fois par import. Une formule s'écrit [texte] pour rester une `Formule` à la relecture."""
        donnees = {
            "entetes": [_cellule_json(cellule) for cellule in self.entetes],
            "lignes": [
                (numero, [_cellule_json(cellule) for cellule in cellules])
                for numero, cellules in self.lignes
            ],
        }
        return json.dumps(donnees, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def depuis_json(cls, octets):
        donnees = json.loads(octets)
        return cls(
            entetes=[_relire_cellule(cellule) for cellule in donnees["entetes"]],
            lignes=[
                (numero, [_relire_cellule(cellule) for cellule in cellules])
                for numero, cellules in donnees["lignes"]
            ],
        )


def _cellule_json(cellule):
    return [str(cellule)] if isinstance(cellule, Formule) else cellule


def _relire_cellule(cellule):
    return Formule(cellule[0]) if isinstance(cellule, list) else cellule


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
        feuille = classeur.worksheets[0]
        # Les dimensions déclarées par le fichier (« A1:XFD20000000 ») ne sont pas crues :
        # openpyxl remplirait chaque ligne et chaque colonne manquante jusqu'à elles.
        feuille.reset_dimensions()
        lignes = feuille.iter_rows(max_row=LIGNES_MAX + 2, max_col=COLONNES_MAX)
        for numero, ligne in enumerate(lignes, start=1):
            yield numero, [_cellule_xlsx(cellule) for cellule in ligne]
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
        mega_octets = francais.nombre(round(len(contenu) / 1024 / 1024, 1))
        raise FichierIllisible(
            f"Fichier trop volumineux ({mega_octets} Mo) : "
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
        # Les lignes vides comptent : un fichier de lignes vides n'est pas lu sans fin.
        if numero > LIGNES_MAX + 1:
            raise FichierIllisible(
                f"Le fichier dépasse {francais.nombre(LIGNES_MAX)} lignes (lignes vides "
                "comprises, en plus de l'en-tête) : découpez-le en plusieurs imports."
            )
        if not any(cellules):
            continue  # ligne vide
        if entetes is None:
            entetes = cellules
            continue
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
