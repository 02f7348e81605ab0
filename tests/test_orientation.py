"""L'aide à l'orientation : des critères aux dispositifs, par les seules données d'éligibilité."""

import pytest
from django.core.management import call_command

from contrat_ville.models import Quartier
from dispositifs.orientation import orienter
from tests import factories
from tests.utils import texte_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def sortis():
    return factories.SituationFactory(
        code="sorti-sans-diplome-moins-1-an",
        libelle="sorti sans diplôme depuis moins d'un an",
        scolarise=False,
    )


def noms(orientation):
    return [s.dispositif.nom for s in orientation.suggestions]


def test_age_et_situation_viennent_des_donnees(sortis):
    bon = factories.DispositifFactory(publie=True, nom="Bon", age_min=16, age_max=25)
    bon.situations.add(sortis)
    trop_jeune = factories.DispositifFactory(publie=True, nom="Trop jeune", age_min=18)
    trop_jeune.situations.add(sortis)
    autre = factories.DispositifFactory(publie=True, nom="Autre situation")
    autre.situations.add(factories.SituationFactory())
    brouillon = factories.DispositifFactory(nom="Brouillon")
    brouillon.situations.add(sortis)
    suggestions = orienter(age=17, situations=[sortis], mois=10).suggestions
    assert noms(orienter(age=17, situations=[sortis], mois=10)) == ["Bon"]
    assert suggestions[0].raisons == [
        "17 ans (dispositif de 16 à 25 ans)",
        "sorti sans diplôme depuis moins d'un an",
    ]


def test_quartier_et_reserve_qpv(sortis):
    sanitas = factories.QuartierFactory(nom="Sanitas")
    veille = factories.QuartierFactory(nom="Morier", categorie=Quartier.Categorie.VEILLE)
    local = factories.DispositifFactory(publie=True, nom="Local", echelle="quartiers")
    local.situations.add(sortis)
    local.quartiers.add(sanitas)
    qpv = factories.DispositifFactory(publie=True, nom="Réservé QPV", reserve_qpv=True)
    qpv.situations.add(sortis)
    assert sorted(noms(orienter(age=17, situations=[sortis], quartier=sanitas, mois=1))) == [
        "Local",
        "Réservé QPV",
    ]
    assert noms(orienter(age=17, situations=[sortis], quartier=veille, mois=1)) == []
    sans_quartier = {
        s.dispositif.nom: s.reserves
        for s in orienter(age=17, situations=[sortis], mois=1).suggestions
    }
    assert sans_quartier["Réservé QPV"] == ["à condition d'habiter un quartier prioritaire"]
    assert sans_quartier["Local"] == ["seulement dans certains quartiers : Sanitas"]


def test_condition_de_diplome(sortis):
    aucun = factories.NiveauDiplomeFactory(code="aucun", libelle="Aucun diplôme")
    brevet = factories.NiveauDiplomeFactory(code="brevet-cfg", libelle="Brevet ou CFG")
    factories.NiveauDiplomeFactory(code="cap-bep", libelle="CAP ou BEP")
    retour = factories.DispositifFactory(publie=True, nom="Droit au retour")
    retour.situations.add(sortis)
    retour.diplomes_acceptes.set([aucun, brevet])
    assert noms(orienter(age=19, situations=[sortis], diplome="cap-bep", mois=1)) == []
    avec_brevet = orienter(age=19, situations=[sortis], diplome="brevet-cfg", mois=1)
    assert "diplôme accepté (aucun diplôme ou brevet ou CFG)" in avec_brevet.suggestions[0].raisons
    inconnu = orienter(age=19, situations=[sortis], mois=1).suggestions[0]
    assert inconnu.reserves == [
        "à condition que son plus haut diplôme soit : aucun diplôme ou brevet ou CFG"
    ]


def test_les_anciens_codes_de_diplome_marchent_encore(client, sortis):
    factories.NiveauDiplomeFactory(code="cap-bep", libelle="CAP ou BEP")
    response = client.get(
        "/dispositifs/orientation/", {"age": 19, "situation": sortis.code, "diplome": "cap_bep"}
    )
    assert response.context["form"].cleaned_data["diplome"].code == "cap-bep"
    assert '<option value="cap-bep" selected>' in response.content.decode()


@pytest.mark.parametrize("mois, ouvert", [(7, False), (8, True), (12, True), (1, False)])
def test_periode_d_ouverture(sortis, mois, ouvert):
    rentree = factories.DispositifFactory(publie=True, nom="Rentrée", mois_debut=8, mois_fin=12)
    rentree.situations.add(sortis)
    assert bool(orienter(age=17, situations=[sortis], mois=mois).suggestions) is ouvert


def test_periode_a_cheval_sur_deux_annees(sortis):
    hiver = factories.DispositifFactory(publie=True, nom="Hiver", mois_debut=11, mois_fin=2)
    hiver.situations.add(sortis)
    ouvert = [bool(orienter(age=17, situations=[sortis], mois=m).suggestions) for m in range(1, 13)]
    assert [ouvert[m - 1] for m in (10, 11, 1, 2, 3)] == [
        False,
        True,
        True,
        True,
        False,
    ]


def test_formulaire_invalide_garde_les_reponses_et_explique(client, sortis):
    response = client.get(
        "/dispositifs/orientation/", {"age": "abc", "situation": sortis.code, "diplome": "zz"}
    )
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "L'âge doit être un nombre entier." in texte
    assert "Ce diplôme ne fait pas partie des choix proposés." in texte
    html = response.content.decode()
    assert f'value="{sortis.code}"' in html and "checked" in html


def test_situation_et_scolarite_contradictoires(client, sortis):
    response = client.get(
        "/dispositifs/orientation/", {"age": 17, "situation": sortis.code, "scolarise": "oui"}
    )
    assert "suppose que le jeune n'est plus inscrit" in texte_visible(response)


def test_page_orientation_montre_raisons_et_comment_mobiliser(client, sortis):
    dispositif = factories.DispositifFactory(
        publie=True, nom="PSAD", comment_mobiliser="Signaler le jeune au CIO."
    )
    dispositif.situations.add(sortis)
    texte = texte_visible(
        client.get("/dispositifs/orientation/", {"age": 17, "situation": sortis.code})
    )
    assert "1 dispositif possible" in texte
    assert "17 ans (dispositif de 16 à 25 ans) ; sorti sans diplôme depuis moins d'un an" in texte
    assert "Signaler le jeune au CIO ." in texte  # <abbr> autour du sigle
    assert "None" not in texte


# Le tableau « Orientation rules » de DOMAIN.md, ligne par ligne, sur les données de démo.
@pytest.fixture
def demo():
    call_command("charger_demo", verbosity=0, force=True)


def sigles_ou_noms(**criteres):
    from dispositifs.models import Situation

    criteres["situations"] = [Situation.objects.get(code=criteres.pop("situation"))]
    if "quartier" in criteres:
        criteres["quartier"] = Quartier.objects.get(slug=criteres["quartier"])
    criteres.setdefault("mois", 10)
    return {s.dispositif.slug for s in orienter(**criteres).suggestions}


def test_moins_de_16_ans_scolarise(demo):
    trouves = sigles_ou_noms(age=14, situation="scolarise", quartier="sanitas")
    assert {
        "referents-decrochage-gpds",
        "pre",
        "clas",
        "maison-des-adolescents",
        "prevention-specialisee",
    } <= trouves


def test_16_18_ans_scolarise_en_risque(demo):
    trouves = sigles_ou_noms(age=17, situation="scolarise-risque-decrochage")
    assert {"referents-decrochage-gpds", "mlds"} <= trouves
    # Les cordées sont pour des élèves ambitieux, pas un remède au décrochage.
    assert "cordees-de-la-reussite" not in trouves


def test_16_18_ans_sorti_du_systeme_scolaire(demo):
    trouves = sigles_ou_noms(age=17, situation="sorti-sans-diplome-moins-1-an")
    assert {
        "obligation-de-formation",
        "psad",
        "mission-locale",
        "foquale",
        "mlds",
        "droit-au-retour-en-formation",
        "service-civique",
        "cej",
    } <= trouves


def test_18_25_ans_sans_diplome(demo):
    trouves = sigles_ou_noms(age=21, situation="sorti-sans-diplome-plus-1-an", diplome="aucun")
    assert {"droit-au-retour-en-formation", "mission-locale", "cej", "e2c", "epide"} <= trouves
    assert "obligation-de-formation" not in trouves
    # Avec un CAP : E2C et EPIDE restent possibles, pas le droit au retour.
    avec_cap = sigles_ou_noms(age=21, situation="sorti-sans-diplome-plus-1-an", diplome="cap-bep")
    assert {"mission-locale", "cej", "e2c", "epide"} <= avec_cap
    assert "droit-au-retour-en-formation" not in avec_cap


def test_18_25_ans_bac_general_sans_qualification(demo):
    trouves = sigles_ou_noms(
        age=21, situation="sorti-sans-diplome-plus-1-an", diplome="bac-general"
    )
    assert "droit-au-retour-en-formation" in trouves
    assert "psad" not in trouves  # la plateforme suit les sortants sans bac ni CAP


def test_plus_de_25_ans(demo):
    trouves = sigles_ou_noms(age=27, situation="sorti-sans-diplome-plus-1-an", diplome="aucun")
    assert "e2c" in trouves
    assert not {"foquale", "droit-au-retour-en-formation", "mission-locale"} & trouves
    # France Travail et les formations de la Région ne sont pas des fiches du répertoire.


def test_sans_solution_a_la_rentree(demo):
    assert "assure-ta-rentree" in sigles_ou_noms(age=17, situation="sans-solution-rentree", mois=9)
    assert "assure-ta-rentree" not in sigles_ou_noms(
        age=17, situation="sans-solution-rentree", mois=3
    )


def test_mal_etre(demo):
    assert "maison-des-adolescents" in sigles_ou_noms(age=15, situation="difficultes-personnelles")


def test_outil_et_evenement_ne_sont_jamais_proposes(demo):
    from dispositifs.models import Situation

    for situation in Situation.objects.all():
        for age in (12, 17, 22):
            trouves = sigles_ou_noms(age=age, situation=situation.code)
            assert "siei" not in trouves
