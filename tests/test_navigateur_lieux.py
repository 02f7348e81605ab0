"""« Où s'adresser » sur un téléphone (390 px) : lisible, sans défilement horizontal, sans
violation axe ; capture enregistrée dans `CAPTURE_LIEUX` si la variable est posée."""

import os

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ou_s_adresser_sur_un_telephone(transactional_db, live_server, page, verifier_axe):
    call_command("charger_demo", verbosity=0, force=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/dispositifs/maison-des-adolescents/")
    section = page.locator("#ou-s-adresser")
    section.scroll_into_view_if_needed()
    assert section.locator("h2").inner_text() == "Où s'adresser"
    assert "du lundi au vendredi, 13 h 30 – 18 h 30" in section.inner_text().replace("\xa0", " ")
    assert section.locator('a[href="tel:0247222069"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if chemin := os.environ.get("CAPTURE_LIEUX"):
        page.screenshot(path=chemin, full_page=True)
    assert verifier_axe(page) == []
    page.goto(live_server.url + "/structures/maison-des-adolescents-37/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert verifier_axe(page) == []
