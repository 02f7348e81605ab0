"""Une seule règle contre les formules pour tous les fichiers pour tableur (`portail.tableurs`) :
un texte qui commence comme une formule reçoit une apostrophe, un nombre reste un nombre. Chaque
export du portail la suit : données ouvertes, indicateurs, listes et mesures de l'espace équipe,
en CSV comme en XLSX."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gestion import roles
from portail import tableurs
from tests import factories
from tests.utils_gestion import connecter

pytestmark = pytest.mark.django_db

PIEGE = "=SUM(A1)"


# Écrits ici, pas repris du module : un début oublié là-bas doit faire échouer ce test.
DEBUTS_HOSTILES = {
    "égal": "=",
    "plus": "+",
    "moins": "-",
    "arobase": "@",
    "barre verticale (DDE)": "|",
    "tabulation": "\t",
    "retour chariot": "\r",
    "saut de ligne": "\n",
    "espace": " ",
    "espace puis égal": " =",
    "espace insécable puis égal": "\u00a0=",
    "espace idéographique puis égal": "\u3000=",
    "égal pleine chasse": "\uff1d",
    "plus pleine chasse": "\uff0b",
    "moins pleine chasse": "\uff0d",
    "arobase pleine chasse": "\uff20",
    "barre pleine chasse": "\uff5c",
    "petit égal": "\ufe66",
    "contrôle 01": "\x01",
    "contrôle 01 puis égal": "\x01=",
    "séparateur d'unité 1F": "\x1f",
    "suppression 7F": "\x7f",
    "contrôle C1 (85)": "\x85",
    "BOM puis égal": "\ufeff=",
    "espace sans chasse puis égal": "\u200b=",
    "marque droite-à-gauche": "\u200f=",
}


@pytest.mark.parametrize("debut", DEBUTS_HOSTILES.values(), ids=DEBUTS_HOSTILES.keys())
@pytest.mark.parametrize("dialecte", [tableurs.DONNEES_OUVERTES, tableurs.TABLEUR_FRANCAIS])
def test_chaque_debut_de_formule_est_neutralise_et_relu(dialecte, debut):
    texte = f'{debut}HYPERLINK("http://exemple.invalid";"clic")'
    assert dialecte.cellule(texte) == f"'{texte}"
    assert tableurs.sans_neutralisation(dialecte.cellule(texte)) == texte
    # XLSX : les caractères de contrôle qu'openpyxl refuse sont retirés, puis la règle s'applique
    # à ce qui reste (« \x01=HYPERLINK » est neutralisé, « \x01HYPERLINK » n'est plus qu'un mot).
    reste = ILLEGAL_CHARACTERS_RE.sub("", texte)
    attendu = reste if reste.startswith("HYPERLINK") else f"'{reste}"
    assert tableurs.cellule_xlsx(texte) == attendu


@pytest.mark.parametrize(
    "texte", ["Collège Jean-Moulin", "l'école", "3 rue à vérifier", "a=b", "", "«=»"]
)
def test_un_texte_ordinaire_reste_tel_quel(texte):
    assert tableurs.TABLEUR_FRANCAIS.cellule(texte) == texte
    assert tableurs.cellule_xlsx(texte) == texte
    assert tableurs.sans_neutralisation(texte) == texte


def test_un_nombre_n_est_jamais_neutralise():
    assert tableurs.TABLEUR_FRANCAIS.cellule(Decimal("-3")) == "-3"
    assert tableurs.TABLEUR_FRANCAIS.cellule(Decimal("-1234.50")) == "-1234,5"
    assert tableurs.DONNEES_OUVERTES.cellule(Decimal("-3")) == "-3"
    assert tableurs.cellule_xlsx(Decimal("-3")) == Decimal("-3")
    # Un texte qui ressemble à un nombre reste un texte, neutralisé comme les autres.
    assert tableurs.TABLEUR_FRANCAIS.cellule("-3") == "'-3"
    assert tableurs.sans_neutralisation("'apostrophe d'origine") == "'apostrophe d'origine"


def test_les_deux_dialectes_ecrivent_nombres_dates_et_booleens_a_leur_facon():
    ligne = [Decimal("12.50"), datetime.date(2024, 12, 31), True, None]
    assert tableurs.texte_csv(
        ["a", "b", "c", "d"], [ligne], dialecte=tableurs.TABLEUR_FRANCAIS
    ) == ("\ufeffa;b;c;d\r\n12,5;31/12/2024;oui;\r\n")
    assert tableurs.texte_csv(
        ["a", "b", "c", "d"], [ligne], dialecte=tableurs.DONNEES_OUVERTES
    ) == ("a,b,c,d\r\n12.50,2024-12-31,true,\r\n")


def test_le_nom_du_fichier_passe_par_django():
    response = tableurs.reponse_csv("liste-élèves", ["a"], [[1]])
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''liste-%C3%A9l%C3%A8ves.csv"
    )
    assert tableurs.reponse_csv("liste", ["a"], [[1]])["Content-Disposition"] == (
        'attachment; filename="liste.csv"'
    )


# --- Chaque export suit la règle -----------------------------------------------------------------


@pytest.fixture
def pieges():
    """Un nom piégé partout où un export écrit un nom, et une valeur négative (une évolution en
    pourcentage) là où il écrit un nombre."""
    fiche = factories.FicheFactory(publie=True, code="1.2.2")
    quartier = factories.QuartierFactory(nom=PIEGE, slug="piege")
    dispositif = factories.DispositifFactory(
        nom=PIEGE, publie=True, porteur=factories.StructureFactory(nom=PIEGE)
    )
    evolution = factories.IndicateurFactory(
        fiche=fiche, publie=True, type_valeur="pourcentage", libelle="Évolution"
    )
    factories.MesureFactory(indicateur=evolution, periode=2024, valeur=Decimal("-3"))
    factories.MesureFactory(indicateur=evolution, periode=2024, quartier=quartier, valeur=40)
    return {"quartier": quartier, "dispositif": dispositif, "indicateur": evolution}


def lignes_csv(response, separateur):
    texte = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(texte, newline=""), delimiter=separateur))


def lignes_xlsx(response):
    feuille = load_workbook(io.BytesIO(response.content)).worksheets[0]
    entetes, *lignes = feuille.iter_rows()
    return [
        {e.value: cellule for e, cellule in zip(entetes, ligne, strict=True)} for ligne in lignes
    ]


def test_donnees_ouvertes(client, pieges):
    dispositifs = lignes_csv(client.get("/donnees/dispositifs.csv"), ",")
    structures = lignes_csv(client.get("/donnees/structures.csv"), ",")
    assert [ligne["nom"] for ligne in dispositifs] == [f"'{PIEGE}"]
    assert [ligne["nom"] for ligne in structures] == [f"'{PIEGE}"]


def test_export_public_des_indicateurs(client, pieges):
    lignes = lignes_csv(client.get("/indicateurs/export.csv"), ";")
    assert [(ligne["quartier"], ligne["valeur"]) for ligne in lignes] == [
        ("", "-3"),
        (f"'{PIEGE}", "40"),
    ]


def test_exports_de_l_espace_equipe_en_csv(client, pieges):
    connecter(client, roles.LECTEUR)
    dispositifs = lignes_csv(client.get("/gestion/dispositifs/export.csv"), ";")
    assert [(ligne["Nom"], ligne["Porteur"]) for ligne in dispositifs] == [
        (f"'{PIEGE}", f"'{PIEGE}")
    ]
    mesures = lignes_csv(client.get("/gestion/mesures/export.csv"), ";")
    assert {ligne["quartier"]: ligne["valeur"] for ligne in mesures} == {"": "-3", "piege": "40"}


def test_exports_de_l_espace_equipe_en_xlsx(client, pieges):
    connecter(client, roles.LECTEUR)
    (dispositif,) = lignes_xlsx(client.get("/gestion/dispositifs/export.xlsx"))
    assert (dispositif["Nom"].value, dispositif["Nom"].data_type) == (f"'{PIEGE}", "s")
    mesures = lignes_xlsx(client.get("/gestion/mesures/export.xlsx"))
    (globale,) = [ligne for ligne in mesures if ligne["quartier"].value is None]
    assert (globale["valeur"].value, globale["valeur"].data_type) == (-3, "n")
