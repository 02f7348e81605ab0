"""Le tableau « Orientation rules » de DOMAIN.md, une ligne par test, sur les données de démo :
ce que l'aide à l'orientation propose, et par qui commencer. Puis la page de résultats, la
fiche à remettre à la famille (impression, PDF) et ses requêtes."""

import re
from io import BytesIO

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from contrat_ville.models import Quartier
from dispositifs.models import Situation
from dispositifs.orientation import orienter
from tests.utils import texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("charger_demo", verbosity=0, force=True)


def orienter_demo(*, situations, quartier=None, mois=10, **criteres):
    return orienter(
        situations=list(Situation.objects.filter(code__in=situations)),
        quartier=Quartier.objects.avec_classements().get(slug=quartier) if quartier else None,
        mois=mois,
        **criteres,
    )


def slugs(resultat):
    return [s.dispositif.slug for s in resultat.suggestions]


def premier(resultat):
    return resultat.commencez_par.dispositif.slug if resultat.commencez_par else None


# --- Le tableau, ligne par ligne -------------------------------------------------------------


def test_moins_de_16_ans_scolarise(demo):
    resultat = orienter_demo(age=14, situations=["scolarise"], quartier="sanitas")
    assert premier(resultat) == "referents-decrochage-gpds"
    assert {
        "referents-decrochage-gpds",
        "pre",
        "clas",
        "maison-des-adolescents",
        "prevention-specialisee",
    } <= set(slugs(resultat))


def test_16_18_ans_scolarise_en_risque_le_gpds_d_abord_puis_la_mlds(demo):
    for situations in (
        ["scolarise-risque-decrochage"],
        ["scolarise", "scolarise-risque-decrochage"],
    ):
        resultat = orienter_demo(age=17, situations=situations, diplome="brevet-cfg")
        assert premier(resultat) == "referents-decrochage-gpds"
        assert "mlds" in slugs(resultat)
        # Les cordées sont pour des élèves ambitieux, pas un remède au décrochage.
        assert "cordees-de-la-reussite" not in slugs(resultat)


def test_16_17_ans_hors_de_l_ecole(demo):
    resultat = orienter_demo(age=17, situations=["sorti-sans-diplome-moins-1-an"])
    ordre = slugs(resultat)
    assert premier(resultat) == "obligation-de-formation"
    assert ordre[:3] == ["obligation-de-formation", "mission-locale", "psad"]
    assert {"foquale", "mlds", "droit-au-retour-en-formation", "service-civique", "cej"} <= set(
        ordre[3:]
    )


@pytest.mark.parametrize("diplome", ["aucun", "brevet-cfg", "cap-bep", "bac-general"])
def test_18_25_ans_sans_diplome_ou_cap_ou_bac_sans_qualification(demo, diplome):
    resultat = orienter_demo(age=21, situations=["sorti-sans-diplome-plus-1-an"], diplome=diplome)
    trouves = set(slugs(resultat))
    assert premier(resultat) == "mission-locale"
    assert {"cej", "e2c"} <= trouves
    assert "obligation-de-formation" not in trouves
    assert ("droit-au-retour-en-formation" in trouves) is (diplome != "cap-bep")
    assert ("epide" in trouves) is (diplome != "bac-general")
    assert ("psad" in trouves) is (diplome in ("aucun", "brevet-cfg"))


def test_plus_de_25_ans(demo):
    trouves = set(slugs(orienter_demo(age=27, situations=["sorti-sans-diplome-plus-1-an"])))
    assert "e2c" in trouves
    assert not {"foquale", "droit-au-retour-en-formation", "mission-locale"} & trouves


def test_sans_solution_a_la_rentree_d_aout_a_decembre(demo):
    for mois in (8, 9, 12):
        resultat = orienter_demo(age=16, situations=["sans-solution-rentree"], mois=mois)
        assert premier(resultat) == "assure-ta-rentree"
        assert resultat.commencez_par.dispositif.telephone == "0 800 222 100"
    hors_saison = orienter_demo(age=16, situations=["sans-solution-rentree"], mois=3)
    assert "assure-ta-rentree" not in slugs(hors_saison)


def test_parti_en_juin_sans_place_en_septembre_voit_assure_ta_rentree(demo):
    resultat = orienter_demo(
        age=16, situations=["sorti-sans-diplome-moins-1-an", "sans-solution-rentree"], mois=9
    )
    assert {"assure-ta-rentree", "obligation-de-formation"} <= set(slugs(resultat))


def test_mal_etre_la_maison_des_adolescents(demo):
    resultat = orienter_demo(age=15, situations=["difficultes-personnelles"])
    assert premier(resultat) == "maison-des-adolescents"
    assert "maison-des-adolescents" not in slugs(
        orienter_demo(age=26, situations=["difficultes-personnelles"])
    )


# --- Handicap et instruction obligatoire (règles sous le tableau) ---------------------------


@pytest.mark.parametrize("age, cej, service_civique", [(27, True, True), (30, False, True)])
def test_une_rqth_porte_le_cej_a_29_ans_et_le_service_civique_a_30(demo, age, cej, service_civique):
    avec = set(slugs(orienter_demo(age=age, situations=["ni-emploi-ni-formation"], handicap=True)))
    sans = set(slugs(orienter_demo(age=age, situations=["ni-emploi-ni-formation"])))
    assert ("cej" in avec, "service-civique" in avec) == (cej, service_civique)
    assert not {"cej", "service-civique"} & sans


def test_moins_de_16_ans_hors_de_l_ecole_instruction_obligatoire(demo):
    resultat = orienter_demo(age=14, situations=["sorti-sans-diplome-moins-1-an"])
    assert resultat.instruction_obligatoire
    assert premier(resultat) == "referents-decrochage-gpds"
    scolarise_non = orienter_demo(age=13, situations=["difficultes-personnelles"], scolarise="non")
    assert scolarise_non.instruction_obligatoire
    assert not orienter_demo(age=16, situations=["ni-emploi-ni-formation"]).instruction_obligatoire


def test_sans_porte_d_entree_a_cet_age_l_instruction_obligatoire_est_dite_seule(client, demo):
    # À 8 ans, l'établissement (GPDS, à partir du collège) n'est pas une porte d'entrée.
    resultat = orienter_demo(age=8, situations=["difficultes-personnelles"], scolarise="non")
    assert resultat.instruction_obligatoire and resultat.commencez_par is None
    texte = texte_visible(
        client.get(
            "/dispositifs/orientation/?age=8&situation=difficultes-personnelles&scolarise=non"
        )
    )
    assert "L’instruction est obligatoire jusqu’à 16 ans." in texte
    assert "ou avec la direction des services départementaux de l’Éducation nationale" in texte
    assert "Commencez par" not in texte


def test_les_portes_d_entree_sont_des_situations_du_dispositif(demo):
    from dispositifs.models import PorteDEntree

    for porte in PorteDEntree.objects.select_related("dispositif", "situation"):
        assert porte.dispositif.situations.filter(pk=porte.situation_id).exists(), str(porte)


# --- La page, l'impression et le PDF --------------------------------------------------------

PARAMETRES = (
    "age=22&situation=sorti-sans-diplome-plus-1-an&situation=ni-emploi-ni-formation"
    "&handicap=1&diplome=aucun&quartier=sanitas&mois=10"
)


def test_la_page_dit_par_qui_commencer_avec_contact_et_telephone(client, demo):
    texte = texte_visible(client.get(f"/dispositifs/orientation/?{PARAMETRES}"))
    assert "Commencez par : Mission locale" in texte
    assert "Contact : Accueil de la Mission Locale de Touraine" in texte
    assert "avec une reconnaissance de handicap" in texte
    assert "None" not in texte


def test_commencez_par_dit_ou_aller_et_qui_appeler(client, demo):
    # Le mal-être seul : la Maison des adolescents, son lieu de Tours et son téléphone.
    reponse = client.get("/dispositifs/orientation/?age=15&situation=difficultes-personnelles")
    html = reponse.content.decode()
    commencez = html[html.index('class="commencez-par"') :]
    commencez = commencez[: commencez.index("</section>")]
    texte = texte_visible(reponse)
    assert "Commencez par : Maison des adolescents" in texte
    assert "Où s'adresser" in commencez
    assert "Accueil de Tours de la Maison des adolescents" in commencez
    assert 'href="tel:0247222069"' in commencez


def test_chaque_suggestion_dit_ou_s_adresser_depuis_le_quartier(client, demo):
    reponse = client.get("/dispositifs/orientation/?age=8&situation=scolarise&quartier=morier")
    html = reponse.content.decode()
    suggestions = html[html.index('class="suggestions"') :].split('class="suggestion ')[1:]
    assert suggestions
    for suggestion in suggestions:
        assert "Où s'adresser" in suggestion
        assert "Coordination du programme" in suggestion or "Coordonnées à compléter" in suggestion
    # Le Morier (QPV depuis 2024) : le PRE de Joué-lès-Tours et sa coordination.
    pre = next(s for s in suggestions if "Joué-lès-Tours (PRE)" in s or "de Joué-lès-Tours" in s)
    assert "Coordination du programme de réussite éducative de Joué-lès-Tours" in pre


def test_sans_porte_d_entree_pas_de_commencez_par(client, demo):
    texte = texte_visible(
        client.get("/dispositifs/orientation/?age=28&situation=ni-emploi-ni-formation&handicap=1")
    )
    assert "Commencez par" not in texte
    assert "Contrat d’engagement jeune" in texte


def test_une_situation_a_l_ecole_et_une_hors_de_l_ecole_sont_refusees(client, demo):
    response = client.get(
        "/dispositifs/orientation/?age=15&situation=scolarise&situation=sorti-sans-diplome-plus-1-an"
    )
    assert "ne vont pas ensemble" in texte_visible(response)
    # Rien n'est perdu : les deux cases restent cochées.
    cochees = re.findall(r'<input[^>]*value="([^"]+)"[^>]*checked', response.content.decode())
    assert {"scolarise", "sorti-sans-diplome-plus-1-an"} <= set(cochees)


def test_l_impression_ne_montre_aucune_reponse_sur_le_jeune(client, demo):
    html = client.get(f"/dispositifs/orientation/?{PARAMETRES}").content.decode()
    # Les raisons et le rappel des réponses sont marqués pour ne pas s'imprimer.
    assert '<p class="texte-secondaire ne-pas-imprimer">Pour un jeune de 22 ans' in html
    assert '<p class="mb-1 ne-pas-imprimer"><strong>Pourquoi' in html
    assert 'href="/dispositifs/orientation/pdf/?age=22&amp;situation=' in html


def test_le_pdf_tient_sur_une_page_sans_les_reponses_sur_le_jeune(client, demo):
    response = client.get(f"/dispositifs/orientation/pdf/?{PARAMETRES}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    lecteur = PdfReader(BytesIO(response.content))
    assert len(lecteur.pages) == 1
    texte = " ".join(" ".join(page.extract_text().split()) for page in lecteur.pages)
    for nom in ("Mission locale", "Contrat d’engagement jeune", "E2C", "Commencez par"):
        assert nom in texte, nom
    assert "Obligation de formation" not in texte  # elle prend fin à la majorité
    for reponse in ("22 ans", "depuis plus d’un an", "ni en emploi", "Sanitas", "handicap"):
        assert reponse not in texte, reponse


def test_le_pdf_d_une_reponse_incomplete_montre_le_formulaire_et_ses_erreurs(client, demo):
    response = client.get("/dispositifs/orientation/pdf/?age=abc&situation=scolarise")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "L'âge doit être un nombre entier." in texte_visible(response)


def test_le_pdf_le_plus_long_de_la_demo_tient_sur_une_page(client, demo):
    hors_de_l_ecole = (
        "sorti-sans-diplome-moins-1-an",
        "sorti-sans-diplome-plus-1-an",
        "ni-emploi-ni-formation",
        "sans-solution-rentree",
        "difficultes-personnelles",
    )
    tout = "&".join(f"situation={code}" for code in hors_de_l_ecole)
    response = client.get(f"/dispositifs/orientation/pdf/?age=16&{tout}&mois=9&handicap=1")
    assert len(PdfReader(BytesIO(response.content)).pages) == 1


# Contrat en vigueur ; validation des situations, du quartier (et de ses classements), du
# diplôme ; les dispositifs et leurs 5 listes préchargées ; où s'adresser (accueils, lieux,
# leurs horaires et quartiers, lieux des porteurs : `avec_lieux()`, 6) ; les choix du formulaire
# affiché. Sans croissance avec les données : voir aussi tests/test_requetes_volume.py.
NOMBRE_DE_REQUETES = 23


def test_requetes_de_la_page_d_orientation_verrouillees(client, demo, django_assert_num_queries):
    with django_assert_num_queries(NOMBRE_DE_REQUETES):
        client.get(f"/dispositifs/orientation/?{PARAMETRES}")


@pytest.mark.parametrize("role", [None, "lecteur", "redacteur", "coordinateur"])
def test_la_page_et_le_pdf_pour_chaque_role(demo, role):
    client = connecter(Client(), ROLES[role]) if role else Client()
    page = client.get(f"/dispositifs/orientation/?{PARAMETRES}")
    fiche = client.get(f"/dispositifs/orientation/pdf/?{PARAMETRES}")
    assert (page.status_code, fiche.status_code) == (200, 200)
    assert fiche["Content-Type"] == "application/pdf"
