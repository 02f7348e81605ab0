"""Les données de démonstration disent ce que disent les sources (`DOMAIN.md`), fait par fait.

Chaque test lit les données chargées par `charger_demo` ; chacun échouait sur les fixtures
d'avant la correction (issue 12, point 1). « Vérifié le » n'est jamais posé par le chargeur.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from contrat_ville.models import Axe, ContratDeVille, Quartier, Structure
from dispositifs.models import Dispositif, Situation
from dispositifs.orientation import orienter
from gestion import roles
from seances.models import Participation
from tests.utils import texte_visible
from tests.utils_gestion import connecter

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def charger(**options):
    sortie = StringIO()
    call_command("charger_demo", stdout=sortie, verbosity=0, force=True, **options)
    return sortie.getvalue()


@pytest.fixture
def demo():
    charger()


def dispositif(slug):
    return Dispositif.objects.get(slug=slug)


def suggestions(*, age, situation, quartier=None, diplome="", mois=10, handicap=False):
    quartier = Quartier.objects.get(slug=quartier) if quartier else None
    return orienter(
        age=age,
        situations=[Situation.objects.get(code=situation)],
        quartier=quartier,
        diplome=diplome,
        handicap=handicap,
        mois=mois,
    ).suggestions


def slugs(**criteres):
    return {s.dispositif.slug for s in suggestions(**criteres)}


def textes_publics(d):
    return " ".join([d.resume, d.description, d.conditions_acces, d.comment_mobiliser, d.contact])


# --- Éligibilité ----------------------------------------------------------------------------


def test_epide_accueille_les_titulaires_d_un_cap_ou_d_un_bep(demo):
    # DOMAIN 16 : « at most CAP/BEP level or left lycée before the bac ».
    epide = dispositif("epide")
    assert set(epide.diplomes_acceptes.values_list("code", flat=True)) == {
        "aucun",
        "brevet-cfg",
        "cap-bep",
    }
    assert "au plus un CAP ou un BEP" in epide.conditions_acces
    assert "epide" in slugs(age=20, situation="sorti-sans-diplome-plus-1-an", diplome="cap-bep")
    assert "epide" not in slugs(age=20, situation="sorti-sans-diplome-plus-1-an", diplome="bac-pro")


def test_epide_le_seul_centre_de_la_region_est_bourges_osmoy(demo):
    assert "seul centre EPIDE de la région Centre-Val de Loire" in dispositif("epide").description


def test_e2c_de_16_a_30_ans(demo):
    e2c = dispositif("e2c")
    assert (e2c.age_min, e2c.age_max) == (16, 30)
    assert "e2c" in slugs(age=28, situation="sorti-sans-diplome-plus-1-an", diplome="aucun")
    assert "e2c" not in slugs(age=31, situation="sorti-sans-diplome-plus-1-an")


def test_e2c_la_regle_d_un_an_hors_de_l_ecole_est_a_verifier(demo):
    # DOMAIN 15 : règle « ≥ 1 an » ~ (sources 2011–2013) : à vérifier, pas un filtre dur.
    e2c = dispositif("e2c")
    assert "à vérifier" in e2c.conditions_acces
    assert "e2c" in slugs(age=19, situation="sorti-sans-diplome-moins-1-an", diplome="aucun")


def test_e2c_val_de_loire_site_de_tours_boulevard_preuilly(demo):
    e2c = Structure.objects.get(slug="e2c-tours")
    assert (e2c.sigle, "Val de Loire" in e2c.nom) == ("E2C Val de Loire", True)
    assert e2c.adresse == "Boulevard Preuilly (numéro à vérifier)"
    assert "AFPP de Touraine" in e2c.description


def test_obligation_de_formation_a_16_et_17_ans_seulement(demo):
    obligation = dispositif("obligation-de-formation")
    assert (obligation.age_min, obligation.age_max) == (16, 17)
    assert "16–18" not in textes_publics(obligation) + obligation.nom
    assert "obligation-de-formation" in slugs(age=17, situation="sorti-sans-diplome-moins-1-an")
    assert "obligation-de-formation" not in slugs(age=18, situation="sorti-sans-diplome-moins-1-an")
    assert "décret n° 2020-978" in obligation.base_legale


def test_la_mission_locale_controle_l_obligation_des_16_et_17_ans(demo):
    mission_locale = Structure.objects.get(slug="mission-locale-touraine")
    assert "16–18" not in mission_locale.description
    assert "16–18" not in dispositif("mission-locale").description


@pytest.mark.parametrize("age, propose", [(5, False), (10, False), (11, True), (25, True)])
def test_prevention_specialisee_environ_11_25_ans(demo, age, propose):
    # DOMAIN 19 : « ≈ 11–25 ~ » : des bornes indicatives, dites comme telles.
    prevention = dispositif("prevention-specialisee")
    assert (prevention.age_min, prevention.age_max) == (11, 25)
    assert "à vérifier" in prevention.conditions_acces
    assert ("prevention-specialisee" in slugs(age=age, situation="scolarise")) is propose
    assert "prevention-specialisee" not in slugs(age=26, situation="ni-emploi-ni-formation")


def test_foquale_16_25_ans(demo):
    # DOMAIN 2 : « 16–25 ~ » : plus de proposition à 26 ans.
    foquale = dispositif("foquale")
    assert (foquale.age_min, foquale.age_max) == (16, 25)
    assert "à vérifier" in foquale.conditions_acces
    assert "foquale" not in slugs(age=26, situation="sorti-sans-diplome-plus-1-an")


def test_cej_jusqu_a_29_ans_avec_une_rqth_dans_les_conditions(demo):
    assert "29 ans" in dispositif("cej").conditions_acces


# --- Qui porte, où s'adresser -----------------------------------------------------------------


def test_le_gpds_est_celui_de_chaque_etablissement_pas_de_la_dsden(demo):
    gpds = dispositif("referents-decrochage-gpds")
    assert gpds.porteur.slug == "etablissements-scolaires"
    assert gpds.porteur.type == Structure.Type.EDUCATION_NATIONALE
    assert "DSDEN" not in gpds.contact


def test_le_cio_de_tours_n_est_plus_presente_comme_un_contact(demo):
    # DOMAIN : fermé au public le 2 juillet 2019, équipe partie au CIO de Joué-lès-Tours.
    cio_tours = Structure.objects.get(slug="cio-tours")
    assert "2 juillet 2019" in cio_tours.description
    assert not cio_tours.contact
    for d in Dispositif.objects.publies():
        assert "CIO de Tours" not in d.contact, d.slug
        # Il n'est plus nommé que pour dire qu'il est fermé.
        phrases = re.split(r"(?<=[.;])\s", textes_publics(d))
        assert all("fermé" in p for p in phrases if "CIO de Tours" in p), d.slug
        assert d.porteur.slug != "cio-tours", d.slug
        assert not d.partenaires.filter(slug="cio-tours").exists(), d.slug
    assert Structure.objects.get(slug="cio-joue-les-tours").commune == "Joué-lès-Tours"


def test_aucune_seance_posterieure_a_juillet_2019_avec_le_cio_de_tours(demo):
    participations = Participation.objects.filter(
        structure__slug="cio-tours", seance__debut__date__gte="2019-07-02"
    )
    assert not participations.exists()


@pytest.mark.parametrize(
    "quartier, porteur",
    [
        ("la-rabiere", "ccas-joue-les-tours"),
        ("sanitas", "caisse-des-ecoles-tours"),
        ("la-rabaterie", "caisse-des-ecoles-saint-pierre-des-corps"),
        ("niqueux-bruere-marcel-pagnol", "ccas-la-riche"),
        # Quartiers prioritaires depuis 2024 (décret n° 2023-1314).
        ("morier", "ccas-joue-les-tours"),
        ("les-tourettes", "caisse-des-ecoles-tours"),
        ("la-galboisiere", "caisse-des-ecoles-saint-pierre-des-corps"),
    ],
)
def test_le_pre_propose_dans_un_quartier_est_celui_de_sa_commune(demo, quartier, porteur):
    # DOMAIN : caisse des écoles à Tours et Saint-Pierre-des-Corps, CCAS à Joué et La Riche.
    pre = [
        s.dispositif
        for s in suggestions(age=8, situation="scolarise", quartier=quartier)
        if s.dispositif.sigle == "PRE"
    ]
    assert [d.porteur.slug for d in pre] == [porteur]


def test_maison_des_adolescents_montjoie_et_son_numero(demo):
    mda = dispositif("maison-des-adolescents")
    assert mda.telephone == "02 47 22 20 69"
    assert "13 h 30 à 18 h 30" in mda.description and "à revérifier" in mda.description
    assert "association Montjoie" in mda.porteur.description


def test_le_0800_12_25_00_est_le_numero_de_l_obligation_de_formation(demo):
    # ✔ pour l'obligation de formation ; ~ pour le droit au retour ; service « Ma seconde
    # chance » au statut à vérifier : pas de numéro présenté comme le sien.
    assert dispositif("obligation-de-formation").telephone == "0800 12 25 00"
    assert dispositif("droit-au-retour-en-formation").telephone == ""
    assert dispositif("ma-seconde-chance").telephone == ""


# --- Le contrat ----------------------------------------------------------------------------------


def test_le_contrat_2015_comptait_cinq_quartiers_en_veille(demo):
    presentation = ContratDeVille.objects.get(slug="tours").presentation
    assert "deux quartiers en veille" not in presentation
    assert "cinq quartiers en veille active" in presentation


def test_l_axe_1_2_dans_les_mots_du_contrat(demo):
    axe = Axe.objects.get(pilier__contrat__slug="tours", pilier__numero=1, numero=2)
    assert axe.intitule == (
        "Favoriser le développement scolaire et éducatif pour la réussite de chacun : "
        "développer la scolarisation des moins de 3 ans, éviter le décrochage scolaire, "
        "développer le soutien à la parentalité"
    )


def test_chaque_dispositif_publie_garde_sa_source(demo):
    for d in Dispositif.objects.publies():
        assert d.source.strip(), d.slug


# --- « Vérifié le » : jamais posé par un chargeur ---------------------------------------------


def test_aucun_dispositif_n_est_verifie_apres_charger_demo(demo):
    assert not Dispositif.objects.filter(verifie_le__isnull=False).exists()
    assert not Structure.objects.filter(verifie_le__isnull=False).exists()


def test_le_chargeur_efface_une_verification_que_personne_n_a_faite(demo):
    # Une base chargée par l'ancien chargeur porte une date sans personne : elle est effacée.
    Dispositif.objects.filter(slug="psad").update(verifie_le="2026-11-27")
    charger()
    assert dispositif("psad").verifie_le is None


def test_le_chargeur_garde_la_verification_d_une_personne(client, demo):
    connecter(client, roles.COORDINATEUR)
    psad = dispositif("psad")
    response = client.post(
        f"/gestion/dispositifs/{psad.pk}/statut/confirmer/",
        {"revision": psad.revision, "commentaire": "Vu avec la plateforme"},
    )
    assert response.status_code == 302
    psad.refresh_from_db()
    date, personne = psad.verifie_le, psad.verifie_par
    assert date is not None and personne is not None
    charger()
    psad.refresh_from_db()
    assert (psad.verifie_le, psad.verifie_par) == (date, personne)


def test_des_fichiers_qui_posent_verifie_le_sont_refuses(tmp_path):
    for fichier in FIXTURES.glob("*.toml"):
        texte = fichier.read_text(encoding="utf-8")
        if fichier.name == "dispositifs.toml":
            texte = texte.replace('slug = "psad"\n', 'slug = "psad"\nverifie_le = 2026-11-27\n', 1)
        (tmp_path / fichier.name).write_text(texte, encoding="utf-8")
    with pytest.raises(CommandError, match="vérifié le"):
        charger(dossier=tmp_path)
    assert not Dispositif.objects.exists()


def test_la_page_d_un_dispositif_non_verifie_ne_date_rien(client, demo):
    texte = texte_visible(client.get(dispositif("psad").get_absolute_url()))
    assert "Informations vérifiées le" not in texte
    assert "None" not in texte
    assert "Informations pas encore vérifiées par l’équipe du contrat de ville." in texte


def test_les_cordees_ne_sont_pas_un_remede_au_decrochage(demo):
    # DOMAIN, tableau : « Cordées de la réussite is for ambitious pupils, not a dropout remedy ».
    cordees = dispositif("cordees-de-la-reussite")
    assert list(cordees.situations.values_list("code", flat=True)) == ["scolarise"]


def test_la_page_des_quartiers_montre_les_13_qpv_actuels_puis_ceux_de_2015(client, demo):
    html = client.get("/quartiers/").content.decode()
    actuels = html[html.index('id="quartiers-actuels"') : html.index('id="quartiers-anciens"')]
    anciens = html[html.index('id="quartiers-anciens"') :]
    assert actuels.count('class="mb-3 quartier"') == 13
    assert actuels.count("Quartier prioritaire (QPV)</span>") == 13
    for nom in ("Les Tourettes", "Le Morier", "La Galboisière", "Sanitas", "La Rabière"):
        assert nom in actuels
    # Chaque quartier dit sa période : Le Morier, en veille avant d'être prioritaire.
    texte = texte_visible(client.get("/quartiers/morier/"))
    assert (
        "Quartier en veille active de 2015 à 2023 ; quartier prioritaire (QPV) depuis 2024" in texte
    )
    assert "Sanitas" not in anciens and "Vallée Violette" in anciens
    assert "Quartier en veille active de 2015 à 2023" in texte_visible(
        client.get("/quartiers/vallee-violette/")
    )


def test_l_accueil_presente_le_contrat_en_vigueur_et_la_fiche_qu_il_met_en_oeuvre(client, demo):
    texte = texte_visible(client.get("/"))
    assert "Contrat de ville « Engagements Quartiers 2030 » de Tours Métropole (2024–2030)" in texte
    assert "13 quartiers prioritaires" in texte
    assert "Le portail met en œuvre la fiche action 1.2.2 (version 2017)" in texte
    assert "(2015–2023), qui reste la base de cette politique" in texte


def test_la_date_de_lecture_d_une_source_n_est_jamais_inventee(client, demo):
    assert not Dispositif.objects.filter(source_consultee_le__isnull=False).exists()
    texte = texte_visible(client.get("/dispositifs/maison-des-adolescents/"))
    assert "relevés en 2022. (date de consultation à vérifier)" in texte
    Dispositif.objects.filter(slug="maison-des-adolescents").update(
        source_consultee_le="2026-12-01"
    )
    texte = texte_visible(client.get("/dispositifs/maison-des-adolescents/"))
    assert "(consultée le 1er décembre 2026)" in texte
