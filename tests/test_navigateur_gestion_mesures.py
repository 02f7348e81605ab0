"""Dans Chromium : un coordinateur saisit des valeurs dans la grille d'un indicateur (erreur
signalée à côté de la case, saisie gardée), importe un fichier après avoir lu le rapport, puis
enregistre une diffusion ; audit axe-core (WCAG 2.1 AA) de chaque écran, erreurs affichées."""

import re
from decimal import Decimal

import pytest

from gestion import roles
from gestion.mesures import annees_par_defaut
from indicateurs.models import Mesure
from seances.models import Diffusion
from tests import factories
from tests.test_navigateur_gestion import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = b"%PDF-1.4\n% note de resultats\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def donnees():
    contrat = factories.ContratDeVilleFactory()
    factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    factories.QuartierFactory(contrat=contrat, nom="Les Rives", slug="les-rives")
    fiche = factories.FicheFactory(contrat=contrat, code="1.2.2", publie=True)
    indicateur = factories.IndicateurFactory(
        fiche=fiche, publie=True, libelle="Nombre de jeunes accompagnés", unite="jeunes"
    )
    factories.UserFactory(
        username="coordinateur",
        first_name="Coordinateur",
        last_name="Morel",
        role=roles.COORDINATEUR,
    )
    return {"indicateur": indicateur}


def test_grille_import_et_diffusion(donnees, live_server, page, verifier_axe):
    _, fin = annees_par_defaut()
    indicateur = donnees["indicateur"]
    se_connecter(page, live_server, "coordinateur")
    main = page.locator("main")
    nav = page.get_by_role("navigation", name="Espace équipe")

    # La grille : une case invalide est signalée à côté d'elle, et rien n'est écrit.
    nav.get_by_role("link", name="Valeurs des indicateurs").click()
    assert verifier_axe(page) == []
    page.get_by_role("link", name="Nombre de jeunes accompagnés").click()
    page.wait_for_url("**/mesures/")
    page.get_by_label(f"Ensemble du territoire, {fin}").fill("12,5")
    page.get_by_label(f"Sanitas, {fin}").fill("douze")
    page.get_by_role("button", name="Enregistrer la grille").click()
    page.wait_for_load_state()
    case = page.get_by_label(f"Sanitas, {fin}")
    assert case.get_attribute("aria-invalid") == "true"
    assert case.input_value() == "douze"
    assert page.get_by_label(f"Ensemble du territoire, {fin}").input_value() == "12,5"
    erreur = page.locator(f"#{case.get_attribute('id')}-erreur")
    assert "Valeur non numérique" in erreur.inner_text()
    assert not Mesure.objects.exists()
    assert verifier_axe(page) == []

    case.fill("8")
    page.get_by_role("button", name="Enregistrer la grille").click()
    page.wait_for_load_state()
    assert "Valeurs enregistrées" in main.inner_text()
    assert Mesure.objects.get(quartier__slug="sanitas").valeur == Decimal("8.00")

    # L'import : le rapport se lit avant de confirmer.
    nav.get_by_role("link", name="Valeurs des indicateurs").click()
    page.get_by_role("link", name="Importer des valeurs (CSV ou XLSX)").click()
    assert verifier_axe(page) == []
    contenu = (
        "indicateur;année;quartier;dispositif;valeur;source;commentaire\r\n"
        f"{indicateur.pk};{fin - 1};les-rives;;14;Mission locale;\r\n"
        f"{indicateur.pk};{fin - 1};quartier-inconnu;;3;;\r\n"
    ).encode("cp1252")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        {"name": "valeurs.csv", "mimeType": "text/csv", "buffer": contenu}
    )
    page.get_by_role("button", name="Analyser le fichier").click()
    page.wait_for_url(re.compile(r".*/gestion/mesures/import/[\w-]+/$"))
    assert "quartier inconnu : « quartier-inconnu »" in main.inner_text()
    assert verifier_axe(page) == []
    assert Mesure.objects.count() == 2
    page.get_by_role("button", name="Importer seulement les lignes valides (1)").click()
    page.wait_for_url("**/gestion/mesures/")
    assert "1 valeur(s) créée(s)" in main.inner_text()
    assert Mesure.objects.get(quartier__slug="les-rives").source == "Mission locale"

    # Une diffusion : formulaire en erreur, puis la note de résultats déposée.
    nav.get_by_role("link", name="Diffusions").click()
    page.get_by_role("link", name="Enregistrer une diffusion").click()
    assert verifier_axe(page) == []
    page.get_by_label("Note de résultats", exact=True).check()
    page.get_by_label("Comité opérationnel du contrat de ville").check()
    page.get_by_role("button", name="Enregistrer la diffusion").click()
    page.wait_for_load_state()
    assert "Déposez le PDF de la note de résultats envoyée." in main.inner_text()
    assert verifier_axe(page) == []
    page.get_by_label("Note de résultats (PDF)").set_input_files(
        {"name": "note.pdf", "mimeType": "application/pdf", "buffer": NOTE}
    )
    page.get_by_role("button", name="Enregistrer la diffusion").click()
    page.wait_for_url("**/gestion/diffusions/")
    assert "Diffusion enregistrée" in main.inner_text()
    assert verifier_axe(page) == []
    with page.expect_download() as telechargement:
        page.get_by_role("link", name=re.compile("Télécharger le PDF")).click()
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read() == NOTE
    assert Diffusion.objects.get().enregistree_par.username == "coordinateur"
