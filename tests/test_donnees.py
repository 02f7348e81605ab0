"""Les données ouvertes (/donnees/) : chaque enregistrement valide au schéma data·inclusion v1,
sur les données de démonstration comme sur des valeurs malcommodes ; CSV sûr pour un tableur."""

import csv
import io

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.utils import timezone

from contrat_ville.models import Structure
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from portail import opendata, tableurs
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db

ORIGINE = "http://testserver"
THEMATIQUE = "se-former--trouver-sa-formation"


def lire_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    texte = response.content.decode("utf-8")
    assert not texte.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(texte)))


def services(client):
    response = client.get("/donnees/dispositifs.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    donnees = response.json()
    assert isinstance(donnees, list)
    return donnees


def structures(client):
    response = client.get("/donnees/structures.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def malcommodes():
    """Des valeurs aux limites du schéma : textes trop longs, champs vides, formats locaux."""
    thematique = factories.ThematiqueFactory(code=THEMATIQUE, libelle="Trouver sa formation")
    quartier = factories.QuartierFactory(nom="Sanitas", commune="Tours")
    vide = factories.StructureFactory(
        nom="AB", description="", code_postal="3700", siret="123", type=Structure.Type.AUTRE
    )
    complete = factories.StructureFactory(
        nom="Mission locale de Touraine",
        type=Structure.Type.MISSION_LOCALE,
        description="Accueil, information et accompagnement des 16-25 ans.",
        site_web="https://www.mission-locale.example.org/",
        courriel="accueil@mission-locale.example.org",
        telephone="+33 2 47 00 00 00",
        adresse="1 rue de la Loire",
        code_postal="37000",
        commune="Tours",
        siret="12345678901234",
    )
    longs = factories.DispositifFactory(
        publie=True,
        nom="N" * 200,
        porteur=complete,
        resume="R" * 400,
        description=("Une phrase assez longue pour le test. " * 400).strip(),
        conditions_acces="  ",
        telephone="02 47 00 00 00",
        courriel="dispositif@example.org",
        site_web="https://dispositif.example.org/inscription",
        echelle="national",
        mobilisable_par=Dispositif.MobilisablePar.PROFESSIONNELS,
    )
    longs.thematiques.set([thematique])
    courts = factories.DispositifFactory(
        publie=True,
        nom="E2",
        sigle="",
        porteur=vide,
        resume="",
        description="",
        comment_mobiliser="",
        contact="",
        age_min=None,
        age_max=None,
        echelle="quartiers",
        quartiers=[quartier],
        mobilisable_par=Dispositif.MobilisablePar.JEUNES,
    )
    formules = factories.DispositifFactory(
        publie=True,
        nom='=HYPERLINK("http://exemple.invalid";"clic")',
        porteur=vide,
        resume="+33 : ceci n'est pas une formule.",
        comment_mobiliser="-1 est un nombre, @SOMME aussi dangereux.",
        reserve_qpv=True,
    )
    brouillon = factories.DispositifFactory(nom="Dispositif en brouillon", porteur=complete)
    cachee = factories.StructureFactory(nom="Structure en brouillon", statut=Statut.BROUILLON)
    return {
        "longs": longs,
        "courts": courts,
        "formules": formules,
        "brouillon": brouillon,
        "cachee": cachee,
        "vide": vide,
        "complete": complete,
    }


# --- Validation au schéma ----------------------------------------------------------------------


def test_chaque_dispositif_de_la_demo_est_un_service_data_inclusion_valide(client):
    call_command("charger_demo", verbosity=0, force=True)
    donnees = services(client)

    # « Ma seconde chance », de statut non vérifié, est un exemple : pas exporté.
    assert len(donnees) == Dispositif.objects.publies().hors_exemples().count() == 23
    for enregistrement in donnees:
        service = v1.Service.model_validate(enregistrement)
        assert service.source == "contrat-de-ville"
        assert str(service.lien_source) == f"{ORIGINE}/dispositifs/{service.id}/"
    ids = {e["id"] for e in donnees}
    assert "assure-ta-rentree" in ids and len(ids) == len(donnees)


def test_chaque_structure_de_la_demo_est_une_structure_data_inclusion_valide(client):
    call_command("charger_demo", verbosity=0, force=True)
    donnees = structures(client)

    # Les deux structures fictives ne sont pas exportées.
    reelles = Structure.objects.publies().filter(est_exemple=False)
    assert len(donnees) == reelles.count() == Structure.objects.publies().count() - 2
    for enregistrement in donnees:
        v1.Structure.model_validate(enregistrement)
    # Chaque dispositif publié renvoie à une structure exportée.
    assert {s["structure_id"] for s in services(client)} <= {s["id"] for s in donnees}


def test_les_valeurs_malcommodes_restent_valides(client, malcommodes):
    donnees = {e["id"]: e for e in services(client)}
    for enregistrement in donnees.values():
        v1.Service.model_validate(enregistrement)
    for enregistrement in structures(client):
        v1.Structure.model_validate(enregistrement)

    longs = donnees[malcommodes["longs"].slug]
    assert len(longs["nom"]) <= 150 and longs["nom"].endswith("…")
    assert len(longs["description"]) <= 10_000 and longs["description"].startswith("R" * 400)
    assert longs["conditions_acces"] is None
    courts = donnees[malcommodes["courts"].slug]
    assert len(courts["nom"]) >= 3 and "E2" in courts["nom"]
    assert len(courts["description"]) >= 5
    assert courts["mobilisation_precisions"] is None
    assert courts["thematiques"] is None and courts["modes_mobilisation"] is None


def test_correspondance_des_champs_du_dispositif(client, malcommodes):
    donnees = {e["id"]: e for e in services(client)}
    longs, courts = donnees[malcommodes["longs"].slug], donnees[malcommodes["courts"].slug]
    formules = donnees[malcommodes["formules"].slug]

    assert longs["structure_id"] == malcommodes["complete"].slug
    assert longs["thematiques"] == [THEMATIQUE]
    assert longs["publics"] == ["jeunes"]
    assert courts["publics"] == formules["publics"] == ["jeunes", "residents-qpv-frr"]
    assert longs["mobilisable_par"] == ["professionnels"]
    assert courts["mobilisable_par"] == ["usagers"]
    assert formules["mobilisable_par"] == ["professionnels", "usagers"]
    assert longs["modes_mobilisation"] == [
        "envoyer-un-courriel",
        "telephoner",
        "utiliser-lien-mobilisation",
    ]
    assert longs["lien_mobilisation"] == "https://dispositif.example.org/inscription"
    assert longs["zone_eligibilite"] == ["france"] and courts["zone_eligibilite"] is None
    assert (longs["commune"], longs["code_postal"]) == ("Tours", "37000")
    assert courts["code_postal"] is None  # « 3700 » n'est pas un code postal
    assert longs["date_maj"] == timezone.localdate().isoformat()
    assert "Quartiers couverts : Sanitas (Tours)." in courts["publics_precisions"]
    assert courts["contact_nom_prenom"] is None
    assert set(longs) == {nom for nom, _ in opendata.CHAMPS_SERVICE}


def test_correspondance_des_champs_de_la_structure(client, malcommodes):
    donnees = {e["id"]: e for e in structures(client)}
    complete, vide = donnees[malcommodes["complete"].slug], donnees[malcommodes["vide"].slug]

    assert complete["reseaux_porteurs"] == ["mission-locale"]
    assert complete["siret"] == "12345678901234"
    assert complete["site_web"] == "https://www.mission-locale.example.org/"
    assert (vide["siret"], vide["code_postal"], vide["description"]) == (None, None, None)
    assert len(vide["nom"]) >= 3
    assert set(complete) == {nom for nom, _ in opendata.CHAMPS_STRUCTURE}


def test_seul_le_contenu_publie_est_exporte(client, malcommodes):
    ids = {e["id"] for e in services(client)}
    assert malcommodes["brouillon"].slug not in ids
    assert malcommodes["cachee"].slug not in {e["id"] for e in structures(client)}
    texte = client.get("/donnees/dispositifs.csv").content.decode()
    assert "Dispositif en brouillon" not in texte


def test_la_source_est_reglable(client, malcommodes, settings):
    settings.DONNEES_SOURCE = "tours-plus"
    assert {e["source"] for e in services(client)} == {"tours-plus"}
    assert {e["source"] for e in structures(client)} == {"tours-plus"}


# --- CSV -------------------------------------------------------------------------------------


def test_le_csv_reprend_le_json_colonne_par_colonne(client, malcommodes):
    lignes = lire_csv(client.get("/donnees/dispositifs.csv"))
    donnees = {e["id"]: e for e in services(client)}

    assert list(lignes[0]) == [nom for nom, _ in opendata.CHAMPS_SERVICE]
    assert len(lignes) == len(donnees)
    longs = next(ligne for ligne in lignes if ligne["id"] == malcommodes["longs"].slug)
    assert longs["modes_mobilisation"] == (
        "envoyer-un-courriel|telephoner|utiliser-lien-mobilisation"
    )
    assert longs["description"] == donnees[longs["id"]]["description"]  # retours à la ligne
    assert longs["frais"] == ""  # non renseigné : cellule vide


def test_le_csv_neutralise_les_formules(client, malcommodes):
    lignes = lire_csv(client.get("/donnees/dispositifs.csv"))
    formules = next(ligne for ligne in lignes if ligne["id"] == malcommodes["formules"].slug)

    assert formules["nom"] == '\'=HYPERLINK("http://exemple.invalid";"clic")'
    assert formules["description"].startswith("'+33")
    assert formules["mobilisation_precisions"].startswith("'-1")
    structures_csv = lire_csv(client.get("/donnees/structures.csv"))
    complete = next(s for s in structures_csv if s["id"] == malcommodes["complete"].slug)
    assert complete["telephone"] == "'+33 2 47 00 00 00"
    for ligne in lignes + structures_csv:
        for valeur in ligne.values():
            assert valeur[:1] not in {"=", "+", "-", "@"}, valeur


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("=1+1", "'=1+1"),
        ("+33", "'+33"),
        ("-2", "'-2"),
        ("@SOMME(A1)", "'@SOMME(A1)"),
        ("\t=1", "'\t=1"),
        ("Texte", "Texte"),
        (None, ""),
        (["a", "b"], "a|b"),
        (["=a", "b"], "'=a|b"),
    ],
)
def test_cellule_csv(valeur, attendu):
    assert tableurs.DONNEES_OUVERTES.cellule(opendata.valeur_csv(valeur)) == attendu


def test_les_fichiers_sont_reutilisables_depuis_un_autre_site(client):
    for url in ["/donnees/dispositifs.json", "/donnees/structures.csv"]:
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    assert "attachment" in client.get("/donnees/dispositifs.csv")["Content-Disposition"]


# --- Page de documentation ---------------------------------------------------------------


def test_la_page_documente_champs_licence_formats_et_date(client, malcommodes):
    response = client.get("/donnees/")
    assert response.status_code == 200
    texte = texte_visible(response)
    html = response.content.decode()

    assert "Licence Ouverte 2.0" in texte
    assert "data·inclusion" in texte
    for nom, _ in opendata.CHAMPS_SERVICE + opendata.CHAMPS_STRUCTURE:
        assert f"<code>{nom}</code>" in html, nom
    for url in ["dispositifs.json", "dispositifs.csv", "structures.json", "structures.csv"]:
        assert f'href="/donnees/{url}"' in html
    assert "« | »" in texte  # le séparateur des listes
    plus_recente = max(
        Dispositif.objects.publies().latest("modifie_le").modifie_le,
        Structure.objects.publies().latest("modifie_le").modifie_le,
    )
    assert f'datetime="{timezone.localdate(plus_recente):%Y-%m-%d}"' in html
    assert "None" not in texte


def test_la_page_sans_donnees_le_dit(client):
    texte = texte_visible(client.get("/donnees/"))
    assert "aucune donnée publiée pour le moment" in texte
    assert "None" not in texte
    assert services(client) == [] and structures(client) == []


# --- Nombre de requêtes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "attendu"),
    [
        ("/donnees/dispositifs.json", 7),
        ("/donnees/dispositifs.csv", 7),
        ("/donnees/structures.json", 3),
        ("/donnees/structures.csv", 3),
        ("/donnees/", 4),
    ],
)
def test_les_exports_en_nombre_de_requetes_fixe(client, malcommodes, url, attendu):
    peu = nombre_de_requetes(client, url)
    quartier = factories.QuartierFactory()
    situation = factories.SituationFactory()
    for _ in range(5):
        dispositif = factories.DispositifFactory(
            publie=True, echelle="quartiers", quartiers=[quartier], situations=[situation]
        )
        dispositif.thematiques.add(malcommodes["longs"].thematiques.get())
    assert nombre_de_requetes(client, url) == peu == attendu
