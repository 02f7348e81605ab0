"""Les fichiers pour tableur du portail, CSV et XLSX : une seule règle contre les formules, une
façon d'écrire un CSV par usage.

La règle : un texte qui commence comme une formule (`commence_comme_une_formule` : =, +, -, @,
|, leurs formes pleine chasse ＝ ＋ － ＠ ｜, un espace, une fin de ligne ou tout autre blanc, un
caractère de contrôle ou invisible) reçoit une apostrophe devant, comme le recommande l'OWASP,
et un tableur l'affiche sans jamais l'exécuter (`=SUM(A1)` saisi comme nom de quartier reste un
nom). Un nombre s'écrit comme un
nombre et n'est jamais neutralisé : « -3 » reste -3. L'import des mesures retire l'apostrophe
que nous avons mise (`sans_neutralisation`).

Les deux CSV, nommés par leur usage :

- `DONNEES_OUVERTES` (`/donnees/*.csv`) : RFC 4180, UTF-8 sans BOM, virgule, fins de ligne
  CRLF ; nombres « 12.5 », dates ISO 8601 ;
- `TABLEUR_FRANCAIS` (exports de l'espace équipe, `/indicateurs/export.csv`) : UTF-8 avec BOM
  (qu'Excel reconnaît), « ; », CRLF ; nombres « 12,5 » sans séparateur des milliers
  (`francais.nombre_saisi`), dates « 31/12/2024 », « oui » et « non ».

Le nom du fichier téléchargé passe par `Content-Disposition`, écrit par Django
(`content_disposition_header`, qui sait aussi les noms accentués).
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from contrat_ville import francais

# Après normalisation NFKC, qui ramène « ＝ » (U+FF1D) et les autres formes de compatibilité au
# signe ordinaire. `|` ouvre un lien DDE dans certains tableurs.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "|")
FORMATS = ("csv", "xlsx")
TYPE_CSV = "text/csv; charset=utf-8"
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- La règle contre les formules --------------------------------------------------------------


def commence_comme_une_formule(texte):
    """Vrai si un tableur pourrait lire `texte` comme une formule : signe de formule, ou blanc
    et caractère de contrôle ou invisible, que certains tableurs sautent avant d'évaluer
    (« \u00a0=1+1 », « \x01=1+1 »)."""
    if not texte:
        return False
    premier = texte[0]
    return (
        unicodedata.normalize("NFKC", premier).startswith(DEBUTS_DE_FORMULE)
        or premier.isspace()
        or unicodedata.category(premier).startswith("C")
    )


def neutraliser(texte):
    """Le texte tel qu'un tableur l'affiche sans jamais l'exécuter."""
    return "'" + texte if commence_comme_une_formule(texte) else texte


def sans_neutralisation(texte):
    """Le texte d'une cellule que `neutraliser` a écrite, sans l'apostrophe ajoutée."""
    if texte[:1] == "'" and commence_comme_une_formule(texte[1:]):
        return texte[1:]
    return texte


# --- CSV ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialecteCSV:
    """Une façon d'écrire un CSV : séparateur, BOM, et orthographe des nombres et des dates
    (française pour un tableur français, internationale pour les données ouvertes)."""

    separateur: str
    bom: bool
    francais: bool

    def cellule(self, valeur):
        if valeur is None:
            return ""
        if isinstance(valeur, bool):
            if self.francais:
                return "oui" if valeur else "non"
            return "true" if valeur else "false"
        if isinstance(valeur, int | float | Decimal):
            return francais.nombre_saisi(valeur) if self.francais else str(valeur)
        if isinstance(valeur, datetime.datetime):
            valeur = timezone.localtime(valeur)
            return f"{valeur:%d/%m/%Y %H:%M}" if self.francais else valeur.isoformat()
        if isinstance(valeur, datetime.date):
            return f"{valeur:%d/%m/%Y}" if self.francais else valeur.isoformat()
        return neutraliser(str(valeur))


DONNEES_OUVERTES = DialecteCSV(separateur=",", bom=False, francais=False)
TABLEUR_FRANCAIS = DialecteCSV(separateur=";", bom=True, francais=True)


def texte_csv(entetes, lignes, *, dialecte):
    """Le texte d'un CSV : une ligne d'en-tête, puis une ligne par élément de `lignes`."""
    tampon = io.StringIO()
    if dialecte.bom:
        tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=dialecte.separateur, lineterminator="\r\n")
    ecrivain.writerow([dialecte.cellule(entete) for entete in entetes])
    for ligne in lignes:
        ecrivain.writerow([dialecte.cellule(valeur) for valeur in ligne])
    return tampon.getvalue()


def piece_jointe(response, nom):
    """La réponse, à enregistrer sous `nom` plutôt qu'à afficher."""
    response.headers["Content-Disposition"] = content_disposition_header(True, nom)
    return response


def reponse_csv(nom, entetes, lignes, *, dialecte=TABLEUR_FRANCAIS):
    """Le fichier `<nom>.csv` à télécharger."""
    response = HttpResponse(texte_csv(entetes, lignes, dialecte=dialecte), content_type=TYPE_CSV)
    return piece_jointe(response, f"{nom}.csv")


# --- XLSX --------------------------------------------------------------------------------------


def cellule_xlsx(valeur):
    """Une valeur typée pour le classeur : les nombres et les dates gardent leur type."""
    if valeur is None:
        return None
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float | Decimal):
        return valeur
    if isinstance(valeur, datetime.datetime):
        # Excel ne connaît pas les fuseaux : l'heure de Paris, sans fuseau.
        return timezone.localtime(valeur).replace(tzinfo=None)
    if isinstance(valeur, datetime.date):
        return valeur
    # openpyxl refuse les caractères de contrôle, qu'aucun tableur n'afficherait.
    return neutraliser(ILLEGAL_CHARACTERS_RE.sub("", str(valeur)))


def reponse_xlsx(nom, entetes, lignes, *, titre="Export"):
    """Le classeur `<nom>.xlsx` à télécharger, d'une feuille nommée `titre`."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(titre[:31])
    feuille.append([cellule_xlsx(entete) for entete in entetes])
    for ligne in lignes:
        feuille.append([cellule_xlsx(valeur) for valeur in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return piece_jointe(HttpResponse(tampon.getvalue(), content_type=TYPE_XLSX), f"{nom}.xlsx")


def reponse_tableur(format, nom, entetes, lignes, *, titre="Export"):
    """`format` (« csv » ou « xlsx ») : CSV pour un tableur français, ou XLSX."""
    if format == "xlsx":
        return reponse_xlsx(nom, entetes, lignes, titre=titre)
    return reponse_csv(nom, entetes, lignes)
