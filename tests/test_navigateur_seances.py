"""Les pages des séances dans Chromium : filtre par formulaire, audit axe-core WCAG 2.1 AA."""

import datetime

import pytest
from django.utils import timezone

from seances.models import Participation, Seance
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seances():
    maintenant = timezone.now()
    quartier = factories.QuartierFactory(nom="Sanitas", commune="Tours")
    factories.SeanceFactory(
        publie=True,
        titre="Comité opérationnel de rentrée",
        type=Seance.Type.COMITE_OPERATIONNEL,
        debut=maintenant + datetime.timedelta(days=5),
        est_exemple=True,
    )
    factories.SeanceFactory(
        publie=True,
        titre="Animation du Sanitas",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        debut=maintenant + datetime.timedelta(days=12),
        etat=Seance.Etat.ANNULEE,
    )
    tenue = factories.SeanceFactory(
        publie=True,
        titre="Groupe technique de printemps",
        type=Seance.Type.GROUPE_TECHNIQUE,
        debut=maintenant - datetime.timedelta(days=30),
        etat=Seance.Etat.TENUE,
        animateur=factories.StructureFactory(nom="Délégation du préfet"),
        ordre_du_jour="Présentation de la PSAD\nTour de table",
        compte_rendu="Les partenaires ont retenu deux actions.\nProchaine séance en juin.",
        compte_rendu_publie=True,
    )
    tenue.fiches.add(factories.FicheFactory(publie=True, code="1.2.2"))
    tenue.dispositifs.add(factories.DispositifFactory(publie=True, nom="Mission de lutte"))
    factories.ParticipationFactory(seance=tenue, nombre_personnes=3)
    factories.ParticipationFactory(seance=tenue, presence=Participation.Presence.EXCUSEE)
    factories.SuiteFactory(seance=tenue, echeance=datetime.date(2030, 6, 30))
    factories.SeanceFactory(titre="Séance en brouillon")
    return tenue


def test_liste_filtrable_par_type_sans_violation_axe(seances, live_server, page, verifier_axe):
    reponse = page.goto(live_server.url + "/seances/")
    assert reponse.status == 200
    assert page.locator("main h1").count() == 1
    main = page.locator("main")
    assert "Séance en brouillon" not in main.inner_text()
    assert verifier_axe(page) == []

    page.get_by_label("Type de séance").select_option(label="Groupe de travail technique")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/seances/?type=groupe_technique*")
    texte = main.inner_text()
    assert "Groupe technique de printemps" in texte
    assert "Comité opérationnel de rentrée" not in texte
    assert "Animation du Sanitas" not in texte
    assert page.get_by_label("Type de séance").input_value() == "groupe_technique"
    assert "None" not in texte
    assert verifier_axe(page) == []


def test_liste_avec_filtre_invalide_sans_violation_axe(seances, live_server, page, verifier_axe):
    reponse = page.goto(live_server.url + "/seances/?annee=abc&quartier=999999")
    assert reponse.status == 200
    assert "Certains critères n’ont pas été compris" in page.locator("main").inner_text()
    assert verifier_axe(page) == []


def test_page_seance_sans_violation_axe(seances, live_server, page, verifier_axe):
    page.goto(live_server.url + "/seances/")
    page.get_by_role("link", name="Groupe technique de printemps").click()
    page.wait_for_url(f"**/seances/{seances.pk}/")
    assert page.locator("main h1").inner_text() == "Groupe technique de printemps"
    texte = page.locator("main").inner_text()
    assert "Les partenaires ont retenu deux actions." in texte
    assert "Ajouter à mon agenda" in texte
    assert "None" not in texte
    assert verifier_axe(page) == []
