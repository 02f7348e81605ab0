"""Les écrans de gestion des autres contenus dans Chromium : audit axe-core (WCAG 2.1 AA) de
chaque liste, de chaque formulaire de création, d'une page avec ses lignes liées, et du
formulaire d'une séance affiché avec ses erreurs."""

import re

import pytest

from contrat_ville.publication import Statut
from gestion import roles
from seances.models import Seance
from tests import factories
from tests.test_gestion_contenus import CAS
from tests.test_navigateur_gestion import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contenus():
    factories.UserFactory(
        username="coordinateur",
        first_name="Coordinateur",
        last_name="Morel",
        role=roles.COORDINATEUR,
    )
    factories.StructureFactory(nom="Mission locale de Touraine")
    factories.QuartierFactory(nom="Sanitas", commune="Tours")
    # Chaque liste a des lignes (un brouillon, un publié) et des filtres remplis.
    return {
        cas.chemin: [cas.fabriquer(s) for s in (Statut.BROUILLON, Statut.PUBLIE)] for cas in CAS
    }


def test_listes_et_formulaires_de_creation(contenus, live_server, page, verifier_axe):
    se_connecter(page, live_server, "coordinateur")
    navigation = page.get_by_role("navigation", name="Espace équipe")
    for cas in CAS:
        navigation.get_by_role(
            "link", name=re.compile(f"^{cas.modele._meta.verbose_name_plural}$", re.I)
        ).click()
        page.wait_for_url(f"**/gestion/{cas.chemin}/")
        assert verifier_axe(page) == [], f"liste des {cas.chemin}"
        page.get_by_role("link", name=re.compile("^Ajouter ")).click()
        page.wait_for_url(f"**/gestion/{cas.chemin}/ajouter/")
        assert verifier_axe(page) == [], f"création : {cas.chemin}"


def test_formulaire_d_une_seance_avec_ses_lignes(contenus, live_server, page, verifier_axe):
    seance = contenus["seances"][0]
    se_connecter(page, live_server, "coordinateur")
    page.goto(f"{live_server.url}/gestion/seances/{seance.pk}/")
    assert "Participations" in page.locator("main").inner_text()
    page.get_by_role("link", name="Modifier").click()
    page.wait_for_url(f"**/gestion/seances/{seance.pk}/modifier/")
    assert verifier_axe(page) == []


def test_seance_en_erreur(contenus, live_server, page, verifier_axe):
    se_connecter(page, live_server, "coordinateur")
    page.goto(f"{live_server.url}/gestion/seances/ajouter/")
    page.locator("[name=type]").select_option(label="Comité opérationnel")
    page.locator("[name=titre]").fill("Comité de rentrée")
    page.locator("[name=debut]").fill("2026-09-15T14:00")
    page.locator("[name=fin]").fill("2026-09-15T12:00")
    page.locator("[name=echelle]").select_option(label="Quartier")
    page.locator("[name=participations-0-structure]").select_option(
        label="Mission locale de Touraine"
    )
    page.locator("[name=participations-1-structure]").select_option(
        label="Mission locale de Touraine"
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()

    assert (
        "La fin de la séance ne peut précéder son début."
        in page.locator("#div_id_fin").inner_text()
    )
    assert (
        "Une séance à l'échelle d'un quartier indique ce quartier."
        in page.locator("#div_id_quartier").inner_text()
    )
    assert page.locator("[name=fin]").get_attribute("aria-invalid") == "true"
    assert "Corrigez les données en double" in page.locator("#lignes-participations").inner_text()
    assert page.locator("[name=titre]").input_value() == "Comité de rentrée"
    assert verifier_axe(page) == []
    assert not Seance.objects.filter(titre="Comité de rentrée").exists()
