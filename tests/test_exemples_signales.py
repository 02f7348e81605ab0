"""Les données illustratives signalées partout (issue 12, point 6) : structures et dispositifs
marqués « exemple illustratif » (fictifs, ou de statut non vérifié comme « Ma seconde
chance ») portent le badge sur le portail, sont comptés à part sur la couverture du support,
et ne sortent jamais en données ouvertes ; « origine des valeurs » dit quand un indicateur a
des valeurs d'exemple."""

import datetime
import io
from csv import DictReader

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from contrat_ville.models import Structure
from dispositifs.models import Dispositif
from gestion.contenus.dispositifs import DispositifForm
from gestion.contenus.structures import StructureForm
from indicateurs.series import AVEC_EXEMPLES
from seances.models import Seance
from tests import factories
from tests.utils import texte_visible
from tests.utils_gestion import ROLES, connecter, donnees_du_formulaire

pytestmark = pytest.mark.django_db

BADGE = "Exemple illustratif"


@pytest.fixture
def repertoire():
    """Un dispositif réel, un dispositif d'exemple, un dispositif réel porté par une structure
    d'exemple."""
    reelle = factories.StructureFactory(nom="Mission locale de Touraine", slug="mission-locale")
    fictive = factories.StructureFactory(
        nom="Centre social d'exemple", slug="exemple-centre-social", est_exemple=True
    )
    return {
        "reel": factories.DispositifFactory(publie=True, nom="Garantie jeunes", porteur=reelle),
        "exemple": factories.DispositifFactory(
            publie=True, nom="Ma seconde chance", slug="ma-seconde-chance", est_exemple=True
        ),
        "porte_par_exemple": factories.DispositifFactory(
            publie=True, nom="Accompagnement du centre social", porteur=fictive
        ),
        "fictive": fictive,
        "reelle": reelle,
    }


# --- Données ouvertes -------------------------------------------------------------------------


def ids(client, url):
    return {enregistrement["id"] for enregistrement in client.get(url).json()}


def ids_csv(client, url):
    texte = client.get(url).content.decode("utf-8")
    return {ligne["id"] for ligne in DictReader(io.StringIO(texte))}


def test_les_donnees_ouvertes_n_exportent_aucun_exemple(client, repertoire):
    reel = repertoire["reel"].slug
    assert ids(client, "/donnees/dispositifs.json") == {reel}
    assert ids_csv(client, "/donnees/dispositifs.csv") == {reel}
    structures = {repertoire["reelle"].slug, repertoire["exemple"].porteur.slug}
    assert ids(client, "/donnees/structures.json") == structures
    assert ids_csv(client, "/donnees/structures.csv") == structures


def test_la_documentation_des_donnees_dit_que_les_exemples_n_y_sont_pas(client):
    texte = texte_visible(client.get("/donnees/"))
    assert "jamais un exemple illustratif" in texte


# --- Pages publiques --------------------------------------------------------------------------


def test_la_page_d_un_dispositif_d_exemple_porte_le_badge(client, repertoire):
    texte = texte_visible(client.get(repertoire["exemple"].get_absolute_url()))
    assert BADGE in texte
    assert "il ne figure pas dans les données ouvertes" in texte
    assert BADGE not in texte_visible(client.get(repertoire["reel"].get_absolute_url()))


def test_un_porteur_d_exemple_porte_le_badge_sur_la_page_du_dispositif(client, repertoire):
    texte = texte_visible(client.get(repertoire["porte_par_exemple"].get_absolute_url()))
    assert f"porté par Centre social d'exemple {BADGE}" in texte
    assert f"Centre social d'exemple {BADGE}" in texte.split("Qui le porte, où", 1)[1]


def test_les_cartes_de_l_annuaire_portent_le_badge(client, repertoire):
    texte = texte_visible(client.get("/dispositifs/"))
    assert f"Ma seconde chance {BADGE}" in texte
    assert f"porté par Centre social d'exemple {BADGE}" in texte
    assert f"Garantie jeunes {BADGE}" not in texte
    assert texte.count(BADGE) == 2


# --- Support de présentation ------------------------------------------------------------------


def test_la_couverture_du_support_compte_les_exemples(client, repertoire):
    hier = timezone.now() - datetime.timedelta(days=1)
    for est_exemple in (True, False):
        factories.SeanceFactory(
            publie=True,
            etat=Seance.Etat.TENUE,
            debut=hier,
            fin=hier + datetime.timedelta(hours=2),
            est_exemple=est_exemple,
        )
    # Une action réelle, articulée pour l'exemple au dispositif réel et, pour de vrai, à celui
    # que porte la structure d'exemple.
    action = factories.ActionEducativeFactory(publie=True, nom="CLAS du Sanitas")
    factories.ArticulationFactory(
        publie=True, action=action, dispositif=repertoire["reel"], est_exemple=True
    )
    factories.ArticulationFactory(
        publie=True, action=action, dispositif=repertoire["porte_par_exemple"]
    )
    texte = texte_visible(client.get("/support/"))
    assert (
        "3 dispositifs (dont 2 exemples illustratifs), 2 articulations avec des actions "
        "éducatives (dont 1 exemple illustratif), 2 séances tenues (dont 1 exemple illustratif)"
    ) in texte
    assert "Ma seconde chance exemple illustratif" in texte


def test_la_couverture_sans_exemple_ne_dit_rien_de_plus(client):
    factories.DispositifFactory(publie=True)
    texte = texte_visible(client.get("/support/"))
    assert "1 dispositif, 0 articulation" in texte and "dont" not in texte


# --- Origine des valeurs ----------------------------------------------------------------------


def test_l_origine_des_valeurs_signale_les_valeurs_d_exemple(client):
    fiche = factories.FicheFactory(publie=True, code="1.2.2")
    exemple = factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Jeunes repérés")
    factories.MesureFactory(indicateur=exemple, periode=2021, valeur=40, est_exemple=True)
    reel = factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Jeunes suivis")
    factories.MesureFactory(indicateur=reel, periode=2021, valeur=40)

    page = texte_visible(client.get(f"/indicateurs/{exemple.pk}/"))
    assert AVEC_EXEMPLES in page.split("Origine des valeurs", 1)[1]
    assert AVEC_EXEMPLES not in texte_visible(client.get(f"/indicateurs/{reel.pk}/"))
    # Le support montre les deux indicateurs : seul celui qui a des exemples le dit.
    assert texte_visible(client.get("/support/")).count(AVEC_EXEMPLES) == 1


# --- Espace équipe ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formulaire", "url", "fabrique"),
    [
        (StructureForm, "/gestion/structures/{}/modifier/", factories.StructureFactory),
        (DispositifForm, "/gestion/dispositifs/{}/modifier/", factories.DispositifFactory),
    ],
)
def test_l_equipe_marque_un_exemple_dans_la_gestion(formulaire, url, fabrique):
    objet = fabrique()
    coordinateur = connecter(Client(), ROLES["coordinateur"])
    formulaire_html = coordinateur.get(url.format(objet.pk)).content.decode().lower()
    assert 'name="est_exemple"' in formulaire_html and "exemple illustratif" in formulaire_html
    donnees = donnees_du_formulaire(formulaire(instance=objet))
    donnees["est_exemple"] = "on"
    reponse = coordinateur.post(url.format(objet.pk), donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    objet.refresh_from_db()
    assert objet.est_exemple


# --- Données de démonstration -----------------------------------------------------------------


def test_la_demo_marque_les_structures_fictives_et_ma_seconde_chance(client):
    call_command("charger_demo", force=True, stdout=io.StringIO())
    assert set(Structure.objects.filter(est_exemple=True).values_list("slug", flat=True)) == {
        "exemple-centre-social",
        "exemple-association-accompagnement-scolaire",
    }
    assert set(Dispositif.objects.filter(est_exemple=True).values_list("slug", flat=True)) == {
        "ma-seconde-chance",
        "exemple-pass-retour",
    }
    exportes = ids(client, "/donnees/dispositifs.json")
    assert "ma-seconde-chance" not in exportes
    assert len(exportes) == Dispositif.objects.publies().count() - 1
    structures = ids(client, "/donnees/structures.json")
    assert not structures & {"exemple-centre-social", "exemple-association-accompagnement-scolaire"}
