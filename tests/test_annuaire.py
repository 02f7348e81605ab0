"""L'annuaire des dispositifs : recherche française, facettes, tri, pagination, fiche publique.

Toute la suite tourne sur SQLite puis sur PostgreSQL (CI) : les mêmes attentes sur les mêmes
données prouvent que les deux moteurs de recherche donnent les mêmes résultats.
"""

import pytest

from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db


def noms_trouves(client, **params):
    response = client.get("/dispositifs/", params)
    assert response.status_code == 200
    return {d.nom for d in response.context["page"].object_list}


@pytest.fixture
def annuaire():
    psad = factories.DispositifFactory(
        publie=True,
        nom="Plate-forme de suivi et d'appui aux décrocheurs",
        sigle="PSAD",
        resume="Repérer les jeunes sortis sans diplôme et leur proposer une solution.",
        categorie=Dispositif.Categorie.PLATEFORME,
        mobilisable_par=Dispositif.MobilisablePar.PROFESSIONNELS,
        age_min=16,
        age_max=25,
    )
    mission_locale = factories.DispositifFactory(
        publie=True,
        nom="Mission Locale de Touraine",
        resume="Accompagnement global des 16-25 ans : emploi, formation, santé, logement.",
        categorie=Dispositif.Categorie.ACCOMPAGNEMENT,
        mobilisable_par=Dispositif.MobilisablePar.LES_DEUX,
        age_min=16,
        age_max=25,
    )
    clas = factories.DispositifFactory(
        publie=True,
        nom="Contrat local d'accompagnement à la scolarité",
        resume="Aide aux devoirs en petits groupes, hors temps scolaire, avec les parents.",
        categorie=Dispositif.Categorie.PROGRAMME,
        mobilisable_par=Dispositif.MobilisablePar.JEUNES,
        age_min=6,
        age_max=18,
    )
    brouillon = factories.DispositifFactory(
        nom="Dispositif en préparation contre le décrochage", statut=Statut.BROUILLON
    )
    return {"psad": psad, "ml": mission_locale, "clas": clas, "brouillon": brouillon}


@pytest.mark.parametrize(
    "requete",
    ["décrocheurs", "decrocheurs", "DÉCROCHEURS", "Décrocheur", "decrocheur"],
)
def test_recherche_insensible_aux_accents_a_la_casse_et_au_pluriel(client, annuaire, requete):
    assert noms_trouves(client, q=requete) == {annuaire["psad"].nom}


@pytest.mark.parametrize("requete", ["Mission Locale", "mission locale", "MISSION LOCALES"])
def test_recherche_mission_locale(client, annuaire, requete):
    assert noms_trouves(client, q=requete) == {annuaire["ml"].nom}


def test_recherche_cherche_tous_les_mots(client, annuaire):
    assert noms_trouves(client, q="jeunes diplôme") == {annuaire["psad"].nom}
    assert noms_trouves(client, q="devoirs parents") == {annuaire["clas"].nom}
    assert noms_trouves(client, q="devoirs emploi") == set()


def test_recherche_dans_le_porteur(client, annuaire):
    porteur = annuaire["clas"].porteur
    porteur.nom = "Caisse d'allocations familiales"
    porteur.save()
    assert noms_trouves(client, q="allocations familiales") == {annuaire["clas"].nom}


def test_une_structure_renommee_dans_la_gestion_est_trouvee_sous_son_nouveau_nom(annuaire):
    """Le nom du porteur fait partie du texte indexé de ses dispositifs : le renommer par le
    formulaire de l'espace équipe les réindexe (sur SQLite comme sur PostgreSQL)."""
    from django.test import Client

    from gestion.contenus.structures import StructureForm
    from tests.utils_gestion import ROLES, connecter, donnees_du_formulaire

    porteur = annuaire["clas"].porteur
    coordinateur = connecter(Client(), ROLES["coordinateur"])
    donnees = donnees_du_formulaire(StructureForm(instance=porteur))
    donnees.update(nom="Caisse d'allocations familiales de Touraine", sigle="CAF 37")
    reponse = coordinateur.post(f"/gestion/structures/{porteur.pk}/modifier/", donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]

    public = Client()
    assert noms_trouves(public, q="allocations familiales touraine") == {annuaire["clas"].nom}
    assert noms_trouves(public, q="CAF 37") == {annuaire["clas"].nom}
    ancien = annuaire["clas"].porteur.nom
    assert annuaire["clas"].nom not in noms_trouves(public, q=ancien)


def test_mots_vides_seuls_ne_filtrent_rien(client, annuaire):
    assert len(noms_trouves(client, q="de la les")) == 3


def test_le_brouillon_n_est_jamais_trouve(client, annuaire):
    assert annuaire["brouillon"].nom not in noms_trouves(client, q="décrochage")
    assert annuaire["brouillon"].nom not in noms_trouves(client)


def test_filtre_par_age(client, annuaire):
    assert noms_trouves(client, age=10) == {annuaire["clas"].nom}
    assert noms_trouves(client, age=17) == {a.nom for a in annuaire.values()} - {
        annuaire["brouillon"].nom
    }


def test_facettes_se_combinent_et_comptent(client, annuaire):
    response = client.get(
        "/dispositifs/", {"categorie": ["plateforme", "programme"], "mobilisable_par": "jeunes"}
    )
    assert {d.nom for d in response.context["page"].object_list} == {annuaire["clas"].nom}
    facettes = {f.nom: f for f in response.context["facettes"]}
    categories = {o.valeur: o.nombre for o in facettes["categorie"].options}
    # Les effectifs d'une facette tiennent compte des autres facettes, pas d'elle-même.
    assert categories == {"accompagnement": 1, "plateforme": 0, "programme": 1}
    mobilisable = {o.valeur: o.nombre for o in facettes["mobilisable_par"].options}
    assert mobilisable == {"professionnels": 1, "jeunes": 1}


def test_mobilisable_par_les_professionnels_inclut_les_deux(client, annuaire):
    assert noms_trouves(client, mobilisable_par="professionnels") == {
        annuaire["psad"].nom,
        annuaire["ml"].nom,
    }


def test_facette_situation(client, annuaire):
    decrochage = factories.SituationFactory(code="sorti-sans-diplome", libelle="sorti sans diplôme")
    annuaire["psad"].situations.add(decrochage)
    response = client.get("/dispositifs/", {"situation": "sorti-sans-diplome"})
    assert {d.nom for d in response.context["page"].object_list} == {annuaire["psad"].nom}
    situations = next(f for f in response.context["facettes"] if f.nom == "situation")
    assert [(o.libelle, o.nombre, o.coche) for o in situations.options] == [
        ("sorti sans diplôme", 1, True)
    ]


def test_facette_quartier_compte_les_dispositifs_generaux_et_locaux(client, annuaire):
    sanitas, europe = factories.QuartierFactory(nom="Sanitas"), factories.QuartierFactory()
    local = factories.DispositifFactory(publie=True, nom="Action locale", echelle="quartiers")
    local.quartiers.add(sanitas)
    response = client.get("/dispositifs/", {"quartier": sanitas.slug})
    assert {d.nom for d in response.context["page"].object_list} == {
        annuaire["psad"].nom,
        annuaire["ml"].nom,
        annuaire["clas"].nom,
        "Action locale",
    }
    nombres = {o.valeur: o.nombre for o in response.context["quartiers"]}
    assert nombres[sanitas.slug] == 4
    assert nombres[europe.slug] == 3
    assert "Action locale" not in noms_trouves(client, quartier=europe.slug)


@pytest.mark.parametrize(
    "params",
    [
        {"age": "abc"},
        {"age": "-4"},
        {"age": "99999999999999999999"},
        {"situation": "n-existe-pas"},
        {"categorie": "<script>"},
        {"quartier": "nulle-part"},
        {"tri": "DROP TABLE"},
        {"page": "9999"},
        {"page": "-1"},
        {"q": "x" * 500},
        {"q": "\x00"},
    ],
)
def test_parametre_invalide_donne_un_message_et_la_page(client, annuaire, params):
    response = client.get("/dispositifs/", params)
    assert response.status_code == 200
    texte = texte_visible(response)
    if set(params) - {"page", "q"} or len(params.get("q", "")) > 200:
        assert "Certains filtres ont été ignorés" in texte
    assert "<script>" not in response.content.decode()


def test_filtre_invalide_garde_les_autres(client, annuaire):
    response = client.get("/dispositifs/", {"age": "abc", "q": "devoirs"})
    assert {d.nom for d in response.context["page"].object_list} == {annuaire["clas"].nom}
    assert "L'âge doit être un nombre entier." in texte_visible(response)


def test_resultat_vide_propose_d_effacer_les_filtres(client, annuaire):
    texte = texte_visible(client.get("/dispositifs/", {"q": "astronautique"}))
    assert "Aucun dispositif ne correspond à votre recherche." in texte
    assert "Effacer les filtres et afficher tous les dispositifs" in texte


def test_tri_par_nom_et_par_mise_a_jour(client, annuaire):
    par_nom = client.get("/dispositifs/", {"tri": "nom"}).context["page"].object_list
    assert [d.nom for d in par_nom] == sorted(d.nom for d in par_nom)
    annuaire["clas"].resume = "Mis à jour à l'instant."
    annuaire["clas"].save()
    par_maj = client.get("/dispositifs/", {"tri": "maj"}).context["page"].object_list
    assert par_maj[0] == annuaire["clas"]


def test_pertinence_met_le_nom_en_premier(client):
    factories.DispositifFactory(publie=True, nom="Accompagnement", resume="Pour la rentrée.")
    factories.DispositifFactory(publie=True, nom="Assure ta rentrée", resume="Une place.")
    trouves = client.get("/dispositifs/", {"q": "rentrée"}).context["page"].object_list
    assert trouves[0].nom == "Assure ta rentrée"


def test_pagination_conserve_les_filtres(client):
    for n in range(25):
        factories.DispositifFactory(publie=True, nom=f"Dispositif {n:02d}", resume="Formation.")
    response = client.get("/dispositifs/", {"q": "formation", "tri": "nom"})
    assert len(response.context["page"].object_list) == 20
    assert 'href="?q=formation&amp;tri=nom&amp;page=2"' in response.content.decode()
    page_2 = client.get("/dispositifs/", {"q": "formation", "tri": "nom", "page": 2})
    assert [d.nom for d in page_2.context["page"].object_list] == [
        f"Dispositif {n:02d}" for n in range(20, 25)
    ]


def test_annuaire_a_un_nombre_de_requetes_fixe(client):
    url = "/dispositifs/?q=formation&categorie=accompagnement&situation=s1&age=17&quartier=q1"
    factories.SituationFactory(code="s1")
    factories.QuartierFactory(slug="q1")
    premier = factories.DispositifFactory(publie=True, resume="Formation")
    premier.situations.add(factories.SituationFactory(code="s1"))
    peu = nombre_de_requetes(client, url)
    for _ in range(30):
        dispositif = factories.DispositifFactory(publie=True, resume="Formation")
        dispositif.situations.add(factories.SituationFactory(code="s1"))
        dispositif.thematiques.add(factories.ThematiqueFactory())
    assert nombre_de_requetes(client, url) == peu
    assert nombre_de_requetes(client, "/dispositifs/") == nombre_de_requetes(
        client, "/dispositifs/?page=2"
    )


def test_texte_saisi_toujours_echappe(client):
    factories.DispositifFactory(
        publie=True,
        nom='<script>alert("x")</script> PSAD',
        slug="piege",
        resume='<img src="http://exemple.invalid/x.png" onerror="alert(1)">',
        comment_mobiliser="Appeler le CIO <b>vite</b>",
    )
    for url in ["/dispositifs/", "/dispositifs/piege/"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=" not in html
        assert "&lt;script&gt;" in html
    html = client.get("/dispositifs/piege/").content.decode()
    assert '<abbr title="centre d&#x27;information et d&#x27;orientation">CIO</abbr>' in html
    assert "&lt;b&gt;vite&lt;/b&gt;" in html


@pytest.mark.parametrize("statut", ["brouillon", "relecture", "archive"])
def test_fiche_dispositif_non_publiee_repond_404(client, statut):
    factories.DispositifFactory(slug="cache", statut=statut)
    assert client.get("/dispositifs/cache/").status_code == 404


def test_fiche_dispositif_montre_comment_le_mobiliser_en_premier(client):
    dispositif = factories.DispositifFactory(
        publie=True,
        slug="mlds",
        nom="Mission de lutte contre le décrochage scolaire",
        sigle="MLDS",
        description="Des actions de remobilisation.",
        comment_mobiliser="Passer par le GPDS de l'établissement.",
        telephone="0800 12 25 00",
        verifie_le="2026-09-01",
    )
    article = factories.ArticulationFactory(dispositif=dispositif, publie=True, action__publie=True)
    factories.ArticulationFactory(dispositif=dispositif, action__nom="Action cachée")
    seance = factories.SeanceFactory(publie=True, titre="Groupe technique de présentation")
    seance.dispositifs.add(dispositif)
    texte = texte_visible(client.get("/dispositifs/mlds/"))
    assert texte.index("Comment le mobiliser") < texte.index("Pour qui")
    assert texte.index("Comment le mobiliser") < texte.index("En détail")
    assert "Informations vérifiées le 1er septembre 2026." in texte
    assert article.action.nom in texte
    assert "Action cachée" not in texte
    assert "Groupe technique de présentation" in texte
    assert "Signaler une erreur sur cette fiche" in texte
    assert "None" not in texte


def test_fiche_dispositif_a_un_nombre_de_requetes_fixe(client):
    dispositif = factories.DispositifFactory(publie=True, slug="psad")
    peu = nombre_de_requetes(client, "/dispositifs/psad/")
    for _ in range(5):
        dispositif.quartiers.add(factories.QuartierFactory())
        dispositif.partenaires.add(factories.StructureFactory())
        dispositif.situations.add(factories.SituationFactory())
        factories.ArticulationFactory(dispositif=dispositif, publie=True, action__publie=True)
        factories.SeanceFactory(publie=True).dispositifs.add(dispositif)
        factories.FicheFactory(publie=True).dispositifs.add(dispositif)
    assert nombre_de_requetes(client, "/dispositifs/psad/") == peu
