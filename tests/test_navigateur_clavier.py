"""Parcours de l'espace équipe au clavier seul : connexion, tableau de bord, liste, formulaire."""

import pytest

from gestion import roles
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tabuler_jusqu_a(page, predicat, maximum=60):
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate(predicat):
            return
    raise AssertionError(f"Élément jamais atteint au clavier : {predicat}")


def test_connexion_et_creation_au_clavier(live_server, page):
    factories.UserFactory(username="coordinatrice", role=roles.COORDINATEUR)
    factories.StructureFactory(nom="Mission locale")
    page.goto(live_server.url + "/comptes/connexion/")
    tabuler_jusqu_a(page, "document.activeElement.name === 'username'")
    page.keyboard.type("coordinatrice")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("mot-de-passe-de-test")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gestion/")
    # Du tableau de bord à la liste des dispositifs, puis au formulaire de création.
    tabuler_jusqu_a(
        page,
        "(document.activeElement.getAttribute('href') || '').endsWith('/gestion/dispositifs/')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/gestion/dispositifs/")
    tabuler_jusqu_a(
        page, "(document.activeElement.getAttribute('href') || '').endsWith('/ajouter/')"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/gestion/dispositifs/ajouter/")
    tabuler_jusqu_a(page, "document.activeElement.name === 'nom'")
    page.keyboard.type("Dispositif saisi au clavier")
    # Envoi incomplet : les erreurs s'affichent, le texte tapé est conservé.
    page.keyboard.press("Enter")
    # L'envoi revient à la même adresse : attendre la page rendue avec ses erreurs.
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()
    assert page.locator("[name=nom]").input_value() == "Dispositif saisi au clavier"
    assert page.locator(".invalid-feedback, .alert-danger").count() > 0
