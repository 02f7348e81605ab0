"""Audit axe-core WCAG 2.1 A/AA, dans Chromium, des pages quartiers, actions, maillage et
déclarations."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Articulation
from contrat_ville.models import Quartier
from seances.models import Seance
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def donnees(transactional_db):
    contrat = factories.ContratDeVilleFactory(pilotes="Tour(s)Plus et l'État")
    sanitas = factories.QuartierFactory(
        contrat=contrat, nom="Sanitas", slug="sanitas", population=8000
    )
    veille = factories.QuartierFactory(
        contrat=contrat,
        nom="Vallée Violette",
        commune="Joué-lès-Tours",
        categorie=Quartier.Categorie.VEILLE,
    )
    pre = factories.DispositifFactory(
        publie=True, nom="Programme de réussite éducative", sigle="PRE", echelle="quartiers"
    )
    pre.quartiers.set([sanitas])
    mission_locale = factories.DispositifFactory(publie=True, nom="Mission locale")
    mlds = factories.DispositifFactory(publie=True, nom="MLDS")
    clas = factories.ActionEducativeFactory(
        publie=True,
        nom="CLAS du centre social",
        slug="clas-sanitas",
        periode="Toute l'année scolaire",
        age_min=11,
        age_max=15,
        porteur__site_web="https://centre-social.example.org/",
        porteur__contact="Accueil du centre social",
        est_exemple=True,
    )
    clas.quartiers.set([sanitas, veille])
    aide = factories.ActionEducativeFactory(publie=True, nom="Aide aux devoirs")
    aide.quartiers.set([veille])
    factories.ArticulationFactory(
        action=clas,
        dispositif=mission_locale,
        publie=True,
        nature=Articulation.Nature.RELAIS,
        description="Relais d'information auprès des familles.",
        est_exemple=True,
    )
    factories.ArticulationFactory(action=aide, dispositif=mlds, publie=True)
    factories.ArticulationFactory(action=clas, dispositif=pre, publie=True)
    for jours in (7, -7):
        factories.SeanceFactory(
            publie=True,
            echelle=Seance.Echelle.QUARTIER,
            quartier=sanitas,
            type=Seance.Type.ANIMATION_QUARTIER,
            debut=timezone.now() + datetime.timedelta(days=jours),
            est_exemple=True,
        )


@pytest.mark.parametrize(
    "chemin",
    [
        "/quartiers/",
        "/quartiers/sanitas/",
        "/actions/",
        "/actions/?quartier=atlantide",
        "/actions/clas-sanitas/",
        "/maillage/",
        "/accessibilite/",
        "/mentions-legales/",
        "/plan-du-site/",
    ],
)
def test_page_sans_violation_axe(donnees, live_server, page, verifier_axe, chemin):
    reponse = page.goto(live_server.url + chemin)
    assert reponse.status == 200
    assert page.locator("main h1").count() == 1
    assert "None" not in page.locator("main").inner_text()
    assert verifier_axe(page) == []


def test_maillage_lisible_sur_un_telephone(donnees, live_server, page, verifier_axe):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/maillage/")
    # Le tableau défile dans son conteneur : la page elle-même ne déborde pas.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    entete_ligne = page.get_by_role("rowheader", name="CLAS du centre social Exemple illustratif")
    assert entete_ligne.count() == 1
    assert page.get_by_role("cell", name="aucune articulation").count() >= 1
    assert verifier_axe(page) == []
