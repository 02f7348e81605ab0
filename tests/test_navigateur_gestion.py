"""L'espace équipe dans Chromium : une rédactrice crée et soumet un dispositif, un coordinateur
le publie, le public le trouve, le coordinateur le corrige puis restaure la version d'avant ;
audit axe-core (WCAG 2.1 AA) du tableau de bord, de la liste et d'un formulaire en erreur."""

import re

import pytest

from dispositifs.models import Dispositif
from gestion import roles
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "mot-de-passe-de-test"


@pytest.fixture
def equipe():
    factories.StructureFactory(nom="Centre d'information et d'orientation", sigle="CIO")
    factories.SituationFactory(libelle="Sorti sans diplôme depuis moins d'un an")
    factories.UserFactory(
        username="redactrice", first_name="Rédactrice", last_name="Durand", role=roles.REDACTEUR
    )
    factories.UserFactory(
        username="coordinateur",
        first_name="Coordinateur",
        last_name="Morel",
        role=roles.COORDINATEUR,
    )


def se_connecter(page, live_server, identifiant, verifier_axe=None):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Espace équipe").click()
    page.wait_for_url("**/comptes/connexion/")
    if verifier_axe:
        assert verifier_axe(page) == []
    page.get_by_label("Nom d’utilisateur").fill(identifiant)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/gestion/")


def se_deconnecter(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_parcours_de_publication_et_restauration(
    equipe, live_server, page, navigateur, verifier_axe
):
    # Une rédactrice se connecte : tableau de bord, puis liste des dispositifs.
    se_connecter(page, live_server, "redactrice", verifier_axe)
    main = page.locator("main")
    assert "Rédactrice Durand – Rédacteur" in main.inner_text()
    assert verifier_axe(page) == []
    page.get_by_role("navigation", name="Espace équipe").get_by_role(
        "link", name="Dispositifs"
    ).click()
    page.wait_for_url("**/gestion/dispositifs/")
    assert verifier_axe(page) == []

    # Elle crée un dispositif ; une erreur de saisie est signalée à côté du champ.
    page.get_by_role("link", name="Ajouter un dispositif").click()
    page.get_by_label("Nom*").fill("Parcours passerelle vers l'apprentissage")
    page.get_by_label("Catégorie*").select_option(label="Accompagnement")
    page.get_by_label("Porteur*").select_option(label="Centre d'information et d'orientation (CIO)")
    page.get_by_label("En quelques mots*").fill("Trois semaines pour découvrir l'apprentissage.")
    page.get_by_label("Âge minimum").fill("26")
    page.get_by_label("Âge maximum", exact=True).fill("16")
    page.get_by_role("group", name="Situations visées").get_by_label(
        "Sorti sans diplôme depuis moins d'un an"
    ).check()
    page.get_by_label("Comment le mobiliser*").fill("Écrire au CIO de son quartier.")
    page.get_by_label("Mobilisable par*").select_option(label="Les professionnels")
    page.get_by_label("Échelle*").select_option(label="Agglomération")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    erreur = page.locator("#div_id_age_max")
    assert "L'âge minimum doit être inférieur ou égal à l'âge maximum." in erreur.inner_text()
    assert page.get_by_label("Âge maximum", exact=True).get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Comment le mobiliser*").input_value() == (
        "Écrire au CIO de son quartier."
    )
    assert (
        page.get_by_role("group", name="Situations visées")
        .get_by_label("Sorti sans diplôme depuis moins d'un an")
        .is_checked()
    )
    assert verifier_axe(page) == []
    assert not Dispositif.objects.exists()

    page.get_by_label("Âge minimum").fill("16")
    page.get_by_label("Âge maximum", exact=True).fill("25")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/gestion/dispositifs/\d+/$"))
    assert "Création enregistrée" in main.inner_text()
    page.get_by_label("Commentaire (facultatif)").fill("Première version, à relire")
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_load_state()
    assert "Envoi en relecture fait" in main.inner_text()
    assert page.get_by_role("button", name="Publier").count() == 0
    se_deconnecter(page)

    # Le coordinateur le trouve à relire sur son tableau de bord et le publie.
    se_connecter(page, live_server, "coordinateur")
    relecture = page.locator("section", has=page.get_by_role("heading", name=re.compile("relire")))
    relecture.get_by_role("link", name="Parcours passerelle vers l'apprentissage").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "Publication faite" in main.inner_text()

    # Le public le trouve dans l'annuaire.
    public = navigateur.new_context(locale="fr-FR")
    visiteur = public.new_page()
    visiteur.goto(live_server.url + "/dispositifs/?q=passerelle+apprentissage")
    assert "Parcours passerelle vers l'apprentissage" in visiteur.locator("main").inner_text()
    public.close()

    # Publié : seul le coordinateur le modifie.
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("En quelques mots*").fill("Trois semaines en entreprise et au CFA.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/gestion/dispositifs/\d+/$"))
    assert "Modifications enregistrées" in main.inner_text()

    # L'historique montre la différence, en français.
    page.get_by_role("link", name="Historique").click()
    ligne = page.locator("table.tableau-changements tr", has_text="En quelques mots")
    assert "Trois semaines pour découvrir l'apprentissage." in ligne.inner_text()
    assert "Trois semaines en entreprise et au CFA." in ligne.inner_text()
    assert verifier_axe(page) == []

    # Il restaure la version publiée d'origine : une nouvelle version s'ajoute.
    page.get_by_role("link", name=re.compile("Restaurer cette version")).first.click()
    assert "Ce que la restauration changera" in main.inner_text()
    page.get_by_role("button", name="Restaurer cette version").click()
    page.wait_for_url(re.compile(r".*/historique/$"))
    assert "Version restaurée" in main.inner_text()
    assert "Restauration de la version du" in main.inner_text()
    dispositif = Dispositif.objects.get()
    assert dispositif.resume == "Trois semaines pour découvrir l'apprentissage."
    assert dispositif.statut == "publie"
