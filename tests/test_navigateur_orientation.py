"""L'aide à l'orientation dans Chromium : deux situations cochées, la reconnaissance de
handicap, puis « Commencez par » et la fiche à remettre à la famille."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("charger_demo", verbosity=0, force=True)


def test_deux_situations_et_un_handicap_puis_commencez_par(demo, live_server, page):
    page.goto(live_server.url + "/dispositifs/orientation/")
    page.get_by_label("Âge du jeune").fill("22")
    page.get_by_label("sorti du système scolaire sans diplôme depuis plus d’un an").check()
    page.get_by_label("ni en emploi, ni en études, ni en formation").check()
    page.get_by_label("Reconnaissance de handicap (RQTH)").check()
    page.get_by_label("Son plus haut diplôme (facultatif)").select_option("aucun")
    page.get_by_role("button", name="Voir les dispositifs possibles").click()
    page.wait_for_url("**handicap=1*")
    assert "situation=sorti-sans-diplome-plus-1-an" in page.url
    assert "situation=ni-emploi-ni-formation" in page.url
    commencez = page.locator("section.commencez-par")
    assert commencez.locator("h2").inner_text() == "Commencez par\u00a0: Mission locale"
    assert commencez.locator("h3").inner_text() == "Où s'adresser"
    assert "Accueil de la Mission Locale de Touraine" in commencez.inner_text()
    # Le formulaire garde les réponses ; les suggestions suivent la porte d'entrée.
    assert page.get_by_label("Reconnaissance de handicap (RQTH)").is_checked()
    titres = page.locator("ol.suggestions > li h3").all_inner_texts()
    assert titres[0] == "Mission locale"
    assert "Contrat d’engagement jeune (CEJ)" in titres
    # À l'impression : ni le rappel des réponses ni les raisons.
    page.emulate_media(media="print")
    assert not page.get_by_text("Pour un jeune de 22 ans").is_visible()
    assert not page.locator("ol.suggestions").get_by_text("Pourquoi").first.is_visible()
    assert commencez.is_visible()
