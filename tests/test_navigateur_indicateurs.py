"""Pages des indicateurs dans Chromium (Playwright) : audit axe-core WCAG 2.1 A/AA."""

import datetime

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jeunes(transactional_db):
    fiche = factories.FicheFactory(publie=True, code="1.2.2", titre="Faire connaître")
    indicateur = factories.IndicateurFactory(
        fiche=fiche,
        publie=True,
        libelle="Jeunes bénéficiant des dispositifs",
        unite="jeunes",
        cible="Hausse chaque année",
        source="Bilans annuels",
    )
    factories.IndicateurFactory(
        fiche=fiche, publie=True, nature="effet", type_valeur="pourcentage", unite="%"
    )
    factories.IndicateurFactory(
        fiche=fiche, publie=True, calcul="seances_tenues", libelle="Séances tenues"
    )
    quartiers = [
        factories.QuartierFactory(nom="Europe"),
        factories.QuartierFactory(nom="Sanitas"),
    ]
    dispositif = factories.DispositifFactory(publie=True, nom="Plateforme de suivi", sigle="PSAD")
    for annee, valeur in [(2019, 120), (2020, 3), (2021, 151), (2022, 164)]:
        factories.MesureFactory(
            indicateur=indicateur, periode=annee, valeur=valeur, est_exemple=True
        )
        factories.MesureFactory(indicateur=indicateur, periode=annee, quartier=quartiers[0])
        factories.MesureFactory(
            indicateur=indicateur, periode=annee, quartier=quartiers[1], valeur=annee % 5
        )
        factories.MesureFactory(
            indicateur=indicateur, periode=annee, dispositif=dispositif, valeur=40
        )
        factories.SeanceFactory(
            publie=True,
            etat="tenue",
            debut=datetime.datetime(annee, 3, 10, 9, tzinfo=datetime.UTC),
        )
    return indicateur


def test_liste_des_indicateurs_sans_violation_axe(jeunes, live_server, page, verifier_axe):
    reponse = page.goto(live_server.url + "/indicateurs/")
    assert reponse.status == 200
    assert page.locator("main h1").inner_text() == "Indicateurs"
    assert "moins de 5" not in page.locator("main").inner_text()  # 164 jeunes en 2022
    assert "None" not in page.locator("main").inner_text()
    assert verifier_axe(page) == []


def test_page_d_un_indicateur_sans_violation_axe(jeunes, live_server, page, verifier_axe):
    reponse = page.goto(live_server.url + jeunes.get_absolute_url())
    assert reponse.status == 200
    graphique = page.get_by_role("img", name="Jeunes bénéficiant des dispositifs")
    assert graphique.count() == 1
    assert graphique.bounding_box()["width"] > 200
    assert page.locator("table.tableau-serie tbody tr").count() == 4
    assert "moins de 5" in page.locator("main").inner_text()
    assert "None" not in page.locator("main").inner_text()
    assert verifier_axe(page) == []


def test_le_graphique_tient_sur_un_telephone(jeunes, live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + jeunes.get_absolute_url())
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 360
    boite = page.locator("svg.graphique-svg").bounding_box()
    assert 0 < boite["width"] <= 360
