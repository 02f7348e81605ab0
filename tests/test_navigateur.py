"""Parcours dans Chromium (Playwright) et audit axe-core WCAG 2.1 A/AA sur les données de démo."""

import pytest
from django.core.management import call_command

from indicateurs.models import Indicateur
from seances.models import Seance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES_PUBLIQUES = [
    "/",
    "/fiches/",
    "/fiches/1.2.2/",
    "/fiches/1.2.3/",
    "/dispositifs/",
    "/dispositifs/?q=decrochage&age=17&mobilisable_par=professionnels",
    "/dispositifs/?q=astronautique",
    "/dispositifs/?age=abc",
    "/dispositifs/psad/",
    "/dispositifs/assure-ta-rentree/",
    "/dispositifs/maison-des-adolescents/",
    "/structures/maison-des-adolescents-37/",
    "/dispositifs/orientation/",
    "/dispositifs/orientation/?age=17&situation=sorti-sans-diplome-moins-1-an&quartier=sanitas",
    "/dispositifs/orientation/?age=abc",
    "/dispositifs/orientation/?age=22&situation=sorti-sans-diplome-plus-1-an"
    "&situation=ni-emploi-ni-formation&handicap=1&diplome=aucun&quartier=sanitas",
    "/dispositifs/orientation/?age=14&situation=sorti-sans-diplome-moins-1-an",
    "/dispositifs/orientation/?age=15&situation=scolarise&situation=sorti-sans-diplome-plus-1-an",
    "/quartiers/",
    "/quartiers/sanitas/",
    "/actions/",
    "/maillage/",
    "/seances/",
    "/indicateurs/",
    "/accessibilite/",
    "/mentions-legales/",
    "/plan-du-site/",
]


@pytest.fixture
def demo(transactional_db):
    call_command("charger_demo", verbosity=0, force=True)


def test_toutes_les_pages_publiques_sans_violation_axe(demo, live_server, page, verifier_axe):
    seance = Seance.objects.publies().filter(compte_rendu_publie=True).first()
    indicateur = Indicateur.objects.publies().filter(calcul="saisi").first()
    chemins = [*PAGES_PUBLIQUES, seance.get_absolute_url(), indicateur.get_absolute_url()]
    violations = {}
    for chemin in chemins:
        reponse = page.goto(live_server.url + chemin)
        assert reponse.status == 200, chemin
        assert page.locator("main h1").count() == 1, chemin
        assert "None" not in page.locator("main").inner_text(), chemin
        if trouvees := verifier_axe(page):
            violations[chemin] = trouvees
    assert violations == {}


def test_de_l_accueil_a_la_fiche_au_clavier(demo, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.locator(":focus").inner_text() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.get_by_role("link", name="Fiche 1.2.2").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fiches/1.2.2/")
    assert "faire conna" in page.locator("h1").inner_text().lower()


def test_chercher_filtrer_puis_ouvrir_un_dispositif(demo, live_server, page):
    page.goto(live_server.url + "/dispositifs/")
    page.get_by_label("Rechercher un dispositif").fill("decrochage")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/dispositifs/?q=decrochage*")
    avant = page.locator("ol.resultats > li").count()
    assert avant > 1
    page.get_by_label("Âge du jeune").fill("17")
    page.locator("fieldset", has_text="Mobilisable par").get_by_label(
        "Les jeunes et leurs familles"
    ).check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**age=17*")
    apres = page.locator("ol.resultats > li").count()
    assert 0 < apres <= avant
    premier = page.locator("ol.resultats > li h3 a").first
    nom = premier.inner_text()
    premier.click()
    assert page.locator("h1").inner_text().startswith(nom)
    assert page.get_by_role("heading", name="Comment le mobiliser").is_visible()
    page.go_back()
    assert "age=17" in page.url


def test_annuaire_au_clavier_seulement(demo, live_server, page):
    page.goto(live_server.url + "/dispositifs/")
    page.keyboard.press("Tab")  # lien d'évitement
    page.keyboard.press("Enter")
    # Le champ de recherche est atteint au clavier, puis la recherche est lancée par Entrée.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("mission locale")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=mission+locale*")
    # Les cases des facettes se cochent à la barre d'espace.
    case = page.locator("input[name=mobilisable_par]").first
    case.focus()
    page.keyboard.press("Space")
    assert case.is_checked()
    lien = page.locator("ol.resultats > li h3 a").first
    lien.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/dispositifs/mission-locale/")


def test_orientation_propose_une_solution_avec_sa_raison(demo, live_server, page):
    page.goto(live_server.url + "/dispositifs/orientation/")
    page.get_by_label("Âge du jeune").fill("17")
    page.get_by_label("sans solution (place, affectation) à la rentrée").check()
    page.get_by_label("Mois de la démarche").select_option("9")
    page.get_by_role("button", name="Voir les dispositifs possibles").click()
    # Attendre la page de résultats : compter tout de suite lirait encore le formulaire.
    page.wait_for_url("**/dispositifs/orientation/?*mois=9*")
    suggestion = page.locator("ol.suggestions > li", has_text="Assure ta rentrée")
    suggestion.first.wait_for()
    assert suggestion.count() == 1
    texte = suggestion.inner_text()
    assert "17 ans" in texte
    assert "ouvert en septembre" in texte
    assert "Comment le mobiliser" in texte


def test_orientation_erreur_annoncee_et_reponses_gardees(demo, live_server, page, verifier_axe):
    page.goto(live_server.url + "/dispositifs/orientation/")
    page.get_by_label("scolarisé", exact=True).check()
    page.get_by_role("button", name="Voir les dispositifs possibles").click()
    assert page.get_by_role("alert").is_visible()
    assert "Indiquez l'âge du jeune." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("scolarisé", exact=True).is_checked()
    assert verifier_axe(page) == []
