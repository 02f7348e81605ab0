"""Les exports CSV et XLSX de l'espace équipe : chaque liste avec ses filtres, les mesures au
format de l'import ; UTF-8 avec BOM et « ; », formules neutralisées (relues avec openpyxl),
droits, nombre de requêtes fixe."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gestion import roles
from gestion.contenus import TYPES
from tests import factories
from tests.test_gestion_mesures import territoire  # noqa: F401 - fixture partagée
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

HOSTILES = ['=HYPERLINK("http://exemple.invalid")', "+33 2 47 00 00 00", "-moins", "@SUM(A1)"]


@pytest.fixture
def lecteur(client):
    return connecter(client, roles.LECTEUR)


def lire_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response.content.startswith(b"\xef\xbb\xbf")
    texte = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(texte, newline=""), delimiter=";"))


def lire_xlsx(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    feuille = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(ligne) for ligne in feuille.iter_rows()]


def valeurs_xlsx(lignes):
    return [[cellule.value for cellule in ligne] for ligne in lignes]


# --- Droits ---------------------------------------------------------------------------------

EXPORTS = [
    f"/gestion/{contenu.chemin}/export.{format}" for contenu in TYPES for format in ("csv", "xlsx")
]
EXPORTS += ["/gestion/mesures/export.csv", "/gestion/mesures/export.xlsx"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", EXPORTS)
def test_matrice_des_droits(client, role, url):
    connecter(client, ROLES[role])
    response = client.get(url)
    if role == "anonyme":
        assert response.status_code == 302
        assert response.url.startswith("/comptes/connexion/?next=")
    else:
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_format_inconnu(lecteur):
    assert lecteur.get("/gestion/dispositifs/export.pdf").status_code == 404
    assert lecteur.post("/gestion/dispositifs/export.csv").status_code == 405


# --- Listes --------------------------------------------------------------------------------


def test_l_export_csv_suit_les_filtres_et_couvre_toutes_les_pages(lecteur):
    porteur = factories.StructureFactory(nom="Mission locale", sigle="ML")
    for numero in range(30):
        factories.DispositifFactory(nom=f"Parcours {numero:02d}", porteur=porteur, publie=True)
    factories.DispositifFactory(nom="Brouillon à ne pas exporter")
    lignes = lire_csv(lecteur.get("/gestion/dispositifs/export.csv?statut=publie&page=2"))
    assert lignes[0] == [
        "Identifiant",
        "Nom",
        "Porteur",
        "Catégorie",
        "Vérifié le",
        "Statut",
        "Modifié le",
    ]
    noms = [ligne[1] for ligne in lignes[1:]]
    assert len(noms) == 30 and "Brouillon à ne pas exporter" not in noms
    assert {ligne[5] for ligne in lignes[1:]} == {"Publié"}
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", lignes[1][6])


def test_les_formules_sont_neutralisees_en_csv_et_en_xlsx(lecteur):
    for nom in HOSTILES:
        factories.DispositifFactory(nom=nom)
    lignes = lire_csv(lecteur.get("/gestion/dispositifs/export.csv"))
    assert sorted(ligne[1] for ligne in lignes[1:]) == sorted("'" + nom for nom in HOSTILES)

    lignes = lire_xlsx(lecteur.get("/gestion/dispositifs/export.xlsx"))
    cellules = [ligne[1] for ligne in lignes[1:]]
    assert sorted(cellule.value for cellule in cellules) == sorted("'" + nom for nom in HOSTILES)
    assert {cellule.data_type for cellule in cellules} == {"s"}  # aucune formule


def test_l_export_xlsx_garde_les_types(lecteur):
    quartier = factories.QuartierFactory(nom="Sanitas", population=5321, code_qpv="QN03701M")
    lignes = valeurs_xlsx(lire_xlsx(lecteur.get("/gestion/quartiers/export.xlsx")))
    assert lignes[0] == ["Identifiant", "Nom", "Classement", "Code QPV", "Population"]
    assert lignes[1] == [
        quartier.pk,
        "Sanitas (Tours)",
        "Quartier prioritaire (QPV) depuis 2024",
        "QN03701M",
        5321,
    ]


@pytest.mark.parametrize("contenu", TYPES, ids=[contenu.nom for contenu in TYPES])
def test_chaque_liste_s_exporte(lecteur, contenu):
    lignes = lire_csv(lecteur.get(f"/gestion/{contenu.chemin}/export.csv"))
    assert lignes[0][:2] == ["Identifiant", "Nom"]
    assert [colonne.libelle for colonne in contenu.colonnes] == lignes[0][
        2 : 2 + len(contenu.colonnes)
    ]
    lignes = lire_xlsx(lecteur.get(f"/gestion/{contenu.chemin}/export.xlsx"))
    assert lignes[0][0].value == "Identifiant"


def test_les_listes_proposent_l_export_avec_leurs_filtres(lecteur):
    html = lecteur.get("/gestion/dispositifs/?statut=publie&page=1").content.decode()
    assert 'href="/gestion/dispositifs/export.csv?statut=publie"' in html
    assert 'href="/gestion/dispositifs/export.xlsx?statut=publie"' in html
    assert "export.csv" not in lecteur.get("/gestion/").content.decode()


def compter(client, url):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_l_export_a_un_nombre_de_requetes_fixe(lecteur):
    factories.DispositifFactory(porteur=factories.StructureFactory())
    peu = {
        format: compter(lecteur, f"/gestion/dispositifs/export.{format}")
        for format in ("csv", "xlsx")
    }
    for _ in range(30):
        factories.DispositifFactory(porteur=factories.StructureFactory())
    for format in ("csv", "xlsx"):
        assert compter(lecteur, f"/gestion/dispositifs/export.{format}") == peu[format]


# --- Mesures -------------------------------------------------------------------------------


def test_l_export_des_mesures_a_le_format_de_l_import(lecteur, territoire):  # noqa: F811
    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    dispositif = factories.DispositifFactory(slug="pass-avenir")
    factories.MesureFactory(
        indicateur=indicateur,
        periode=2022,
        valeur=Decimal("12.50"),
        quartier=sanitas,
        source="Mission locale",
        commentaire="=1+1",
        est_exemple=True,
    )
    factories.MesureFactory(indicateur=indicateur, periode=2023, valeur=-3, dispositif=dispositif)
    factories.MesureFactory(indicateur=territoire["calcule"], periode=2023, valeur=99)

    lignes = lire_csv(lecteur.get("/gestion/mesures/export.csv"))
    assert lignes == [
        [
            "indicateur",
            "libellé de l'indicateur",
            "année",
            "quartier",
            "dispositif",
            "valeur",
            "source",
            "commentaire",
            "exemple",
        ],
        [
            str(indicateur.pk),
            indicateur.libelle,
            "2022",
            "sanitas",
            "",
            "12,5",
            "Mission locale",
            "'=1+1",
            "oui",
        ],
        [str(indicateur.pk), indicateur.libelle, "2023", "", "pass-avenir", "-3", "", "", "non"],
    ]

    lignes = lire_xlsx(lecteur.get("/gestion/mesures/export.xlsx"))
    assert valeurs_xlsx(lignes)[1] == [
        indicateur.pk,
        indicateur.libelle,
        2022,
        "sanitas",
        None,
        12.5,
        "Mission locale",
        "'=1+1",
        "oui",
    ]
    assert lignes[2][5].value == -3 and lignes[2][5].data_type == "n"
    assert lignes[1][7].data_type == "s"


def test_l_export_des_mesures_d_un_seul_indicateur(lecteur, territoire):  # noqa: F811
    autre = factories.IndicateurFactory(fiche=territoire["fiche"])
    factories.MesureFactory(indicateur=territoire["indicateur"], periode=2022)
    factories.MesureFactory(indicateur=autre, periode=2022)
    lignes = lire_csv(lecteur.get(f"/gestion/mesures/export.csv?indicateur={autre.pk}"))
    assert [ligne[0] for ligne in lignes[1:]] == [str(autre.pk)]
    assert lecteur.get("/gestion/mesures/export.csv?indicateur=999999").status_code == 404


def test_l_export_des_mesures_a_un_nombre_de_requetes_fixe(lecteur, territoire):  # noqa: F811
    factories.MesureFactory(indicateur=territoire["indicateur"], periode=2020)
    peu = compter(lecteur, "/gestion/mesures/export.xlsx")
    for annee in range(2000, 2020):
        factories.MesureFactory(
            indicateur=factories.IndicateurFactory(fiche=territoire["fiche"]),
            periode=annee,
            quartier=territoire["sanitas"],
            dispositif=factories.DispositifFactory(),
        )
    assert compter(lecteur, "/gestion/mesures/export.xlsx") == peu
