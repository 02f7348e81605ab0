"""Les exports de l'espace équipe en CSV et en XLSX : chaque liste (avec ses filtres du moment)
et les mesures des indicateurs (au format que l'import relit, voir `gestion.imports`).

CSV pour un tableur français : UTF-8 avec BOM, « ; ». Dans les deux formats, un texte qui
commence comme une formule (=, +, -, @, tabulation, retour) reçoit une apostrophe devant : un
tableur ne l'exécute pas. Les nombres restent des nombres. Chaque export se construit en mémoire
en un nombre fixe de requêtes, quel que soit le nombre de lignes.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gestion.edition import Colonne

FORMATS = ("csv", "xlsx")
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutraliser(texte):
    """Le texte tel qu'un tableur l'affiche sans jamais l'exécuter."""
    return "'" + texte if texte.startswith(DEBUTS_DE_FORMULE) else texte


def nombre_francais(nombre):
    """« 12,5 », « -3 », « 1234,25 » : sans séparateur de milliers, relu par l'import."""
    texte = f"{nombre:f}" if isinstance(nombre, Decimal) else str(nombre)
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte.replace(".", ",")


def cellule_csv(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float | Decimal):
        return nombre_francais(valeur)
    if isinstance(valeur, datetime.datetime):
        return f"{timezone.localtime(valeur):%d/%m/%Y %H:%M}"
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    return neutraliser(str(valeur))


def cellule_xlsx(valeur):
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


def _piece_jointe(response, nom):
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    return response


def reponse_csv(nom, entetes, lignes):
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([cellule_csv(entete) for entete in entetes])
    for ligne in lignes:
        ecrivain.writerow([cellule_csv(valeur) for valeur in ligne])
    response = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    return _piece_jointe(response, f"{nom}.csv")


def reponse_xlsx(nom, entetes, lignes, *, titre="Export"):
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(titre[:31])
    feuille.append([cellule_xlsx(entete) for entete in entetes])
    for ligne in lignes:
        feuille.append([cellule_xlsx(valeur) for valeur in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    response = HttpResponse(tampon.getvalue(), content_type=TYPE_XLSX)
    return _piece_jointe(response, f"{nom}.xlsx")


def reponse_tableur(format, nom, entetes, lignes, *, titre="Export"):
    if format == "xlsx":
        return reponse_xlsx(nom, entetes, lignes, titre=titre)
    return reponse_csv(nom, entetes, lignes)


# --- Listes de l'espace équipe ---------------------------------------------------------------


def colonnes_export(contenu):
    """Les colonnes de la liste à l'écran : identifiant, nom, colonnes du type, et pour un
    contenu soumis au cycle de publication, statut et date de dernière modification."""
    colonnes = [Colonne("Identifiant", lambda objet: objet.pk), Colonne("Nom", str)]
    colonnes += contenu.colonnes
    if contenu.publiable:
        colonnes += [
            Colonne("Statut", lambda objet: objet.get_statut_display()),
            Colonne("Modifié le", lambda objet: objet.modifie_le),
        ]
    return colonnes
