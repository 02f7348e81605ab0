"""Audit axe-core WCAG 2.1 A/AA, dans Chromium, de l'aperçu du support et des données ouvertes."""

import datetime

import pytest
from django.utils import timezone

from seances.models import Seance
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def donnees(transactional_db):
    contrat = factories.ContratDeVilleFactory(nom="Contrat de ville de Valbourg")
    sanitas = factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    fiche = factories.FicheFactory(contrat=contrat, code="1.2.2", publie=True)
    thematique = factories.ThematiqueFactory(
        code="se-former--trouver-sa-formation", libelle="Trouver sa formation"
    )
    pre = factories.DispositifFactory(
        publie=True,
        nom="Programme de réussite éducative",
        sigle="PRE",
        echelle="quartiers",
        quartiers=[sanitas],
        telephone="02 47 00 00 00",
        site_web="https://pre.example.org/",
    )
    pre.thematiques.set([thematique])
    factories.DispositifFactory(publie=True, nom="Mission locale", reserve_qpv=True)
    action = factories.ActionEducativeFactory(publie=True, nom="CLAS du Sanitas", est_exemple=True)
    action.quartiers.set([sanitas])
    factories.ArticulationFactory(publie=True, action=action, dispositif=pre, est_exemple=True)
    factories.SeanceFactory(
        publie=True,
        etat=Seance.Etat.TENUE,
        echelle=Seance.Echelle.QUARTIER,
        quartier=sanitas,
        debut=timezone.now() - datetime.timedelta(days=20),
        est_exemple=True,
    )
    indicateur = factories.IndicateurFactory(fiche=fiche, publie=True, unite="jeunes")
    for annee in (2022, 2023):
        factories.MesureFactory(indicateur=indicateur, periode=annee, valeur=40, est_exemple=True)
        factories.MesureFactory(
            indicateur=indicateur, periode=annee, valeur=3, quartier=sanitas, est_exemple=True
        )


@pytest.mark.parametrize(
    "chemin",
    ["/support/", "/support/?quartier=sanitas", "/support/?quartier=inconnu", "/donnees/"],
)
def test_page_sans_violation_axe(donnees, live_server, page, verifier_axe, chemin):
    reponse = page.goto(live_server.url + chemin)
    assert reponse.status == (404 if "inconnu" in chemin else 200)
    assert page.locator("main h1").count() == 1
    assert "None" not in page.locator("main").inner_text()
    assert verifier_axe(page) == []


def test_l_apercu_se_lit_sur_un_telephone(donnees, live_server, page, verifier_axe):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/support/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.get_by_role("link", name="Télécharger le PDF").count() == 1
    assert verifier_axe(page) == []
