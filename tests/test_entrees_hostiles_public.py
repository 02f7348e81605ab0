"""Entrées hostiles sur chaque paramètre GET des pages publiques : jamais d'erreur 500,
toujours échappé, un message en français ou le paramètre ignoré. Un corpus fixe puis des
entrées générées (hypothesis). La CI passe ce module sur SQLite et sur PostgreSQL, qui refuse
le caractère nul dans une requête : rien ici ne doit être sauté sur l'une ou l'autre base."""

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus_hostile import GROS, TOUT

pytestmark = pytest.mark.django_db

# Chaque paramètre GET que lit une vue publique (formulaires de filtres, pagination).
POINTS_D_ENTREE = {
    "/dispositifs/": [
        "q",
        "age",
        "situation",
        "thematique",
        "categorie",
        "porteur",
        "quartier",
        "mobilisable_par",
        "tri",
        "page",
    ],
    "/dispositifs/orientation/": [
        "age",
        "situation",
        "quartier",
        "scolarise",
        "diplome",
        "handicap",
        "mois",
    ],
    "/dispositifs/orientation/pdf/": ["age", "situation", "diplome", "handicap"],
    "/actions/": ["quartier", "type", "page"],
    "/seances/": ["type", "echelle", "quartier", "annee", "page"],
    "/seances/agenda.ics": ["type", "echelle", "quartier", "annee"],
    "/support/": ["quartier"],
    "/support/pdf/": ["quartier"],
}
# Les pages publiques qui ne lisent aucun paramètre : ceux qu'on leur donne sont ignorés.
SANS_PARAMETRE = [
    "/",
    "/sante/",
    "/fiches/",
    "/fiches/1.2.2/",
    "/dispositifs/psad/",
    "/actions/pre-tours/",
    "/quartiers/",
    "/quartiers/sanitas/",
    "/indicateurs/",
    "/indicateurs/export.csv",
    "/maillage/",
    "/donnees/",
    "/donnees/dispositifs.json",
    "/donnees/structures.json",
    "/donnees/dispositifs.csv",
    "/donnees/structures.csv",
    "/accessibilite/",
    "/mentions-legales/",
    "/plan-du-site/",
]
NOMS_COURANTS = ["q", "quartier", "porteur", "situation", "age", "page", "tri", "annee", "format"]
TABLEAUX = [[TOUT[0], TOUT[1]], ["1", "2"], ["\x00", "-1"]]  # ?x=…&x=…
ENTREES = [*TOUT, *TABLEAUX]
# Messages de Django restés en anglais : un paramètre invalide doit être dit en français.
ANGLAIS = ["Null characters are not allowed", "Select a valid choice", "Enter a whole number"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """La démo chargée une fois pour le module, dans une transaction annulée à la fin."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("charger_demo", verbosity=0, force=True)
        yield
        transaction.set_rollback(True)


def verifier(reponse, valeur):
    assert reponse.status_code in (200, 404), reponse.status_code
    html = reponse.content.decode(errors="replace")
    for valeur_ in valeur if isinstance(valeur, list) else [valeur]:
        if "<" in valeur_ and len(valeur_) < 200:
            assert valeur_ not in html, "entrée renvoyée sans échappement"
    for message in ANGLAIS:
        assert message not in html, message
    if reponse.status_code == 404:
        assert "introuvable" in html.lower(), html[:300]


@pytest.mark.parametrize(
    "url, parametre", [(u, p) for u, ps in POINTS_D_ENTREE.items() for p in ps]
)
def test_corpus_hostile_sur_chaque_parametre(demo, client, url, parametre):
    for valeur in ENTREES:
        verifier(client.get(url, {parametre: valeur}), valeur)


@pytest.mark.parametrize("url", SANS_PARAMETRE)
def test_les_pages_sans_parametre_ignorent_le_corpus_hostile(demo, client, url):
    attendu = client.get(url).status_code
    assert attendu == 200
    for valeur in ENTREES:
        reponse = client.get(url, dict.fromkeys(NOMS_COURANTS, valeur))
        assert reponse.status_code == attendu, (url, valeur)
        verifier(reponse, valeur)


@pytest.mark.parametrize("url", ["/support/", "/support/pdf/"])
def test_un_caractere_nul_dans_le_quartier_du_support(demo, client, url):
    """Sous PostgreSQL, `?quartier=%00` donnait une erreur 500 (le caractère nul est refusé
    dans une requête) : c'est un quartier introuvable, dit en français."""
    reponse = client.get(f"{url}?quartier=%00")
    assert reponse.status_code == 404
    texte = reponse.content.decode()
    assert "Le caractère nul n’est pas autorisé." in texte
    assert "Le support ne peut pas être restreint à ce quartier." in texte


def test_un_mega_octet_dans_la_recherche(demo, client):
    reponse = client.get("/dispositifs/", {"q": GROS})
    assert reponse.status_code == 200
    assert "La recherche est limitée à 200 caractères." in reponse.content.decode()


@pytest.mark.parametrize(
    "chemin",
    ["/quartiers/", "/dispositifs/", "/actions/", "/seances/", "/indicateurs/", "/fiches/"],
)
def test_identifiants_hostiles_dans_l_url(demo, client, chemin):
    for valeur in ["..%2F..%2Fetc%2Fpasswd", "%00", "<script>", "9" * 40, "%E2%80%AE"]:
        assert client.get(f"{chemin}{valeur}/").status_code == 404


texte = st.text(max_size=300)
parametres = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "age",
            "situation",
            "categorie",
            "quartier",
            "mobilisable_par",
            "tri",
            "page",
            "thematique",
            "porteur",
        ]
    ),
    st.one_of(texte, st.integers().map(str), st.lists(texte, max_size=3)),
    max_size=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=parametres)
def test_annuaire_accepte_n_importe_quels_parametres(demo, client, params):
    assert client.get("/dispositifs/", params).status_code == 200


orientation = st.fixed_dictionaries(
    {},
    optional={
        "age": st.one_of(st.integers(-1000, 1000).map(str), texte),
        "situation": st.one_of(
            st.sampled_from(["scolarise", "sans-solution-rentree"]),
            st.lists(st.sampled_from(["scolarise", "ni-emploi-ni-formation", "zz"]), max_size=3),
            texte,
        ),
        "quartier": st.one_of(st.sampled_from(["sanitas", "morier"]), texte),
        "diplome": st.one_of(st.sampled_from(["aucun", "cap_bep", "bac-general"]), texte),
        "handicap": st.one_of(st.sampled_from(["1", ""]), texte),
        "mois": st.one_of(st.integers(-20, 20).map(str), texte),
        "scolarise": st.sampled_from(["oui", "non", "", "peut-être"]),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=orientation)
def test_orientation_accepte_n_importe_quels_parametres(demo, client, params):
    reponse = client.get("/dispositifs/orientation/", params)
    assert reponse.status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=texte)
def test_recherche_sur_texte_quelconque(demo, client, q):
    reponse = client.get("/dispositifs/", {"q": q})
    assert reponse.status_code == 200
