"""Parcours dans Chromium (Playwright) et audit axe-core WCAG 2.1 A/AA sur les données de démo."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("charger_demo", verbosity=0)


@pytest.mark.parametrize("chemin", ["/", "/fiches/", "/fiches/1.2.2/"])
def test_page_publique_sans_violation_axe(demo, live_server, page, verifier_axe, chemin):
    reponse = page.goto(live_server.url + chemin)
    assert reponse.status == 200
    assert page.locator("main h1").count() == 1
    assert verifier_axe(page) == []


def test_de_l_accueil_a_la_fiche_au_clavier(demo, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    evitement = page.locator(":focus")
    assert evitement.inner_text() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.get_by_role("link", name="Fiche 1.2.2").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fiches/1.2.2/")
    assert "faire conna" in page.locator("h1").inner_text().lower()
    assert "None" not in page.locator("main").inner_text()
