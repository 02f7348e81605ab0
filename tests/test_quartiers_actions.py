"""Pages publiques des quartiers, des actions éducatives, du maillage et des déclarations."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.models import Quartier
from seances.models import Seance
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db


class _LecteurDeTableaux(HTMLParser):
    """Relève chaque tableau d'une page : ses lignes, et pour chaque cellule (balise, scope,
    texte lu par un lecteur d'écran, y compris le texte visuellement masqué)."""

    def __init__(self):
        super().__init__()
        self.tableaux, self.legendes = [], []
        self._cellule = self._legende = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tableaux.append([])
        elif tag == "tr":
            self.tableaux[-1].append([])
        elif tag in ("th", "td"):
            self._cellule = [tag, dict(attrs).get("scope"), ""]
        elif tag == "caption":
            self._legende = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cellule:
            balise, scope, texte = self._cellule
            self.tableaux[-1][-1].append((balise, scope, " ".join(texte.split())))
            self._cellule = None
        elif tag == "caption":
            self.legendes.append(" ".join(self._legende.split()))
            self._legende = None

    def handle_data(self, data):
        if self._cellule is not None:
            self._cellule[2] += data
        if self._legende is not None:
            self._legende += data


def lire_tableaux(response):
    lecteur = _LecteurDeTableaux()
    lecteur.feed(response.content.decode())
    return lecteur


def maillage_lu(response):
    """Le tableau du maillage comme {action: {dispositif: texte de la case}}."""
    (tableau,) = lire_tableaux(response).tableaux
    entete, *lignes = tableau
    assert entete[0] == ("th", "col", "Action éducative")
    assert all(scope == "col" for _, scope, _ in entete)
    dispositifs = [texte for _, _, texte in entete[1:]]
    matrice = {}
    for (balise, scope, action), *cases in lignes:
        assert (balise, scope) == ("th", "row")
        assert all(balise == "td" for balise, _, _ in cases)
        matrice[action] = dict(zip(dispositifs, [texte for _, _, texte in cases], strict=True))
    return matrice


def liens(response):
    return re.findall(r'href="([^"]+)"', response.content.decode())


@pytest.fixture
def quartier():
    return factories.QuartierFactory(nom="Sanitas", slug="sanitas", commune="Tours")


def nouvelle_action(*, quartiers=(), **kwargs):
    action = factories.ActionEducativeFactory(**kwargs)
    action.quartiers.set(quartiers)
    return action


def seance_dans(quartier, *, dans_jours, **kwargs):
    return factories.SeanceFactory(
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        debut=timezone.now() + datetime.timedelta(days=dans_jours),
        **kwargs,
    )


# Accès du public ---------------------------------------------------------------------------


def test_chaque_page_repond_200_au_public(client, quartier):
    action = nouvelle_action(publie=True, quartiers=[quartier])
    factories.ArticulationFactory(action=action, dispositif__publie=True, publie=True)
    for url in [
        "/quartiers/",
        quartier.get_absolute_url(),
        "/actions/",
        action.get_absolute_url(),
        "/maillage/",
        "/accessibilite/",
        "/mentions-legales/",
        "/plan-du-site/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("statut", ["brouillon", "relecture", "archive"])
def test_action_non_publiee_repond_404_au_public(client, statut):
    nouvelle_action(slug="action-cachee", statut=statut)
    assert client.get("/actions/action-cachee/").status_code == 404


def test_quartier_inconnu_repond_404(client):
    assert client.get("/quartiers/nulle-part/").status_code == 404


# Quartiers -----------------------------------------------------------------------------------


def test_liste_des_quartiers_par_commune_avec_leur_categorie_et_leurs_comptes(client, quartier):
    veille = factories.QuartierFactory(
        nom="Vallée Violette",
        commune="Joué-lès-Tours",
        categorie=Quartier.Categorie.VEILLE,
    )
    factories.DispositifFactory(publie=True, echelle="quartiers", quartiers=[quartier])
    factories.DispositifFactory(publie=True, echelle="agglomeration")
    factories.DispositifFactory(publie=True, echelle="departement")
    factories.DispositifFactory(echelle="quartiers", quartiers=[quartier])  # brouillon
    nouvelle_action(publie=True, quartiers=[quartier])
    nouvelle_action(quartiers=[quartier])  # brouillon
    seance_dans(quartier, dans_jours=3, publie=True)
    seance_dans(quartier, dans_jours=-3, publie=True)  # passée
    seance_dans(quartier, dans_jours=5)  # brouillon

    texte = texte_visible(client.get("/quartiers/"))

    assert texte.index("Joué-lès-Tours") < texte.index("Vallée Violette")
    assert texte.index("Vallée Violette") < texte.index("Tours Sanitas")
    assert "Sanitas Quartier prioritaire (QPV)" in texte
    assert "Vallée Violette Quartier en veille active" in texte
    assert "3 dispositifs accessibles, dont 1 propre au quartier" in texte
    assert "1 action éducative 1 séance à venir" in texte
    # Le quartier en veille n'a que les dispositifs de grande échelle, et rien d'autre.
    assert (
        "2 dispositifs accessibles Aucune action éducative publiée Aucune séance à venir" in texte
    )
    assert veille.get_absolute_url() in liens(client.get("/quartiers/"))


def test_quartier_presente_ses_informations_sans_valeur_vide(client, quartier):
    texte = texte_visible(client.get(quartier.get_absolute_url()))
    assert "Commune Tours" in texte
    assert "Géographie prioritaire Quartier prioritaire (QPV) depuis 2024" in texte
    for absent in ("Population", "Code QPV", "Code INSEE", "None"):
        assert absent not in texte

    ancien = factories.ContratDeVilleFactory(annee_debut=2015, annee_fin=2023)
    quartier.classements.create(contrat=ancien, categorie=Quartier.Categorie.PRIORITAIRE)
    quartier.population, quartier.code_qpv, quartier.code_commune = 12345, "QP037010", "37261"
    quartier.save()
    texte = texte_visible(client.get(quartier.get_absolute_url())).replace("\u202f", " ")
    assert "Population 12 345 habitants" in texte.replace("\xa0", " ")
    assert "Dans la géographie prioritaire depuis 2015" in texte
    assert (
        "Quartier prioritaire (QPV) de 2015 à 2023 ; quartier prioritaire (QPV) depuis 2024"
        in texte
    ), texte[texte.index("Commune") :][:400]
    assert "Code INSEE de la commune 37261" in texte
    assert "Code QPV QP037010" in texte


def test_quartier_liste_les_dispositifs_qui_y_sont_accessibles(client, quartier):
    autre = factories.QuartierFactory()
    factories.DispositifFactory(
        publie=True, nom="Réussite au Sanitas", echelle="quartiers", quartiers=[quartier]
    )
    factories.DispositifFactory(publie=True, nom="Mission locale", echelle="agglomeration")
    factories.DispositifFactory(
        publie=True, nom="Programme d'ailleurs", echelle="quartiers", quartiers=[autre]
    )
    factories.DispositifFactory(nom="Brouillon de dispositif", echelle="agglomeration")

    texte = texte_visible(client.get(quartier.get_absolute_url()))

    assert "Propres à ce quartier Réussite au Sanitas" in texte
    assert "Accessibles sur tout le territoire Mission locale (échelle : agglomération)" in texte
    assert "Programme d'ailleurs" not in texte
    assert "Brouillon de dispositif" not in texte


def test_quartier_sans_dispositif_ni_action_ni_seance_le_dit(client, quartier):
    texte = texte_visible(client.get(quartier.get_absolute_url()))
    assert "Aucun dispositif publié n’est accessible dans ce quartier" in texte
    assert "Aucune action éducative publiée dans ce quartier" in texte
    assert "Aucune séance publiée dans ce quartier" in texte
    assert "Propres à ce quartier" not in texte
    assert "Chiffres" not in texte


def test_quartier_liste_ses_actions_publiees_avec_un_lien(client, quartier):
    action = nouvelle_action(
        publie=True, nom="CLAS du centre social", quartiers=[quartier], est_exemple=True
    )
    nouvelle_action(nom="Action en brouillon", quartiers=[quartier])
    nouvelle_action(publie=True, nom="Action d'un autre quartier")

    response = client.get(quartier.get_absolute_url())
    texte = texte_visible(response)

    assert "CLAS du centre social Exemple illustratif" in texte
    assert action.get_absolute_url() in liens(response)
    assert "Action en brouillon" not in texte
    assert "Action d'un autre quartier" not in texte


def test_quartier_liste_ses_seances_a_venir_puis_passees(client, quartier):
    lointaine = seance_dans(quartier, dans_jours=30, publie=True, titre="Séance lointaine")
    seance_dans(quartier, dans_jours=2, publie=True, titre="Séance prochaine")
    seance_dans(quartier, dans_jours=-2, publie=True, titre="Séance récente")
    seance_dans(quartier, dans_jours=-40, publie=True, titre="Séance ancienne")
    seance_dans(quartier, dans_jours=4, titre="Séance en brouillon")
    seance_dans(quartier, dans_jours=-4, en_relecture=True, titre="Séance en relecture")
    factories.SeanceFactory(publie=True, titre="Séance d'agglomération")

    response = client.get(quartier.get_absolute_url())
    texte = texte_visible(response)

    ordre = ["À venir", "Séance prochaine", "Séance lointaine", "Dernières séances"]
    ordre += ["Séance récente", "Séance ancienne"]
    positions = [texte.index(morceau) for morceau in ordre]
    assert positions == sorted(positions)
    assert "Séance en brouillon" not in texte
    assert "Séance en relecture" not in texte
    assert "Séance d'agglomération" not in texte
    assert lointaine.get_absolute_url() in liens(response)


# Actions éducatives --------------------------------------------------------------------------


def test_liste_des_actions_publiees(client, quartier):
    nouvelle_action(
        publie=True,
        nom="Coup de pouce",
        type=ActionEducative.Type.PRE,
        porteur__nom="Caisse des écoles",
        public="Enfants de 6 à 11 ans",
        quartiers=[quartier],
        est_exemple=True,
    )
    nouvelle_action(en_relecture=True, nom="Action en relecture")

    response = client.get("/actions/")
    texte = texte_visible(response)

    assert "Coup de pouce Exemple illustratif" in texte
    assert '<span class="badge badge-exemple">Exemple illustratif</span>' in (
        response.content.decode()
    )
    assert "Type Programme de réussite éducative" in texte
    assert "Porteur Caisse des écoles" in texte
    assert "Quartiers Sanitas (Tours)" in texte
    assert "Public Enfants de 6 à 11 ans" in texte
    assert "Action en relecture" not in texte


def test_actions_filtrees_par_quartier_et_par_type(client, quartier):
    nouvelle_action(publie=True, nom="CLAS du Sanitas", quartiers=[quartier])
    nouvelle_action(
        publie=True, nom="PRE du Sanitas", type=ActionEducative.Type.PRE, quartiers=[quartier]
    )
    nouvelle_action(publie=True, nom="CLAS d'ailleurs")

    texte = texte_visible(client.get("/actions/", {"quartier": "sanitas"}))
    assert "CLAS du Sanitas" in texte and "PRE du Sanitas" in texte
    assert "CLAS d'ailleurs" not in texte
    assert "2 actions éducatives correspondent à ces critères" in texte

    texte = texte_visible(client.get("/actions/", {"quartier": "sanitas", "type": "pre"}))
    assert "PRE du Sanitas" in texte
    assert "CLAS du Sanitas" not in texte


def test_filtres_invalides_signales_en_francais_sans_erreur(client):
    nouvelle_action(publie=True, nom="CLAS du Sanitas")
    response = client.get("/actions/", {"quartier": "atlantide", "type": "piscine"})
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Un critère n’a pas pu être appliqué" in texte
    assert "Quartier : Ce quartier n’existe pas" in texte.replace("\xa0", " ")
    assert "Type d’action : Ce type d’action n’existe pas" in texte.replace("\xa0", " ")
    # Les critères invalides sont ignorés : la liste reste consultable.
    assert "CLAS du Sanitas" in texte


def test_liste_des_actions_paginee_par_20_en_gardant_les_filtres(client):
    for n in range(21):
        nouvelle_action(publie=True, nom=f"Action {n:02d}")

    premiere = client.get("/actions/", {"type": "clas"})
    texte = texte_visible(premiere)
    assert "21 actions éducatives" in texte
    assert "Action 19" in texte and "Action 20" not in texte
    assert "?type=clas&amp;page=2" in premiere.content.decode()

    texte = texte_visible(client.get("/actions/", {"type": "clas", "page": 2}))
    assert "Action 20" in texte and "Action 19" not in texte
    assert client.get("/actions/", {"page": "zzz"}).status_code == 200


def test_liste_des_actions_vide_le_dit(client, quartier):
    texte = texte_visible(client.get("/actions/"))
    assert "Aucune action éducative n’est publiée pour le moment." in texte
    nouvelle_action(publie=True)
    texte = texte_visible(client.get("/actions/", {"quartier": "sanitas"}))
    assert "Aucune action éducative publiée ne correspond à ces critères." in texte


def test_page_d_une_action(client, quartier):
    action = nouvelle_action(
        publie=True,
        nom="CLAS du Sanitas",
        description="Aide aux devoirs.\nSorties culturelles.",
        public="Collégiens",
        age_min=11,
        age_max=15,
        periode="Toute l'année scolaire",
        porteur__nom="Centre social du Sanitas",
        porteur__contact="Accueil du centre social",
        porteur__site_web="https://centre-social.example.org/",
        quartiers=[quartier],
        est_exemple=True,
    )
    mission_locale = factories.DispositifFactory(publie=True, nom="Mission locale")
    factories.ArticulationFactory(
        action=action,
        dispositif=mission_locale,
        publie=True,
        nature=Articulation.Nature.RELAIS,
        description="Relais d'information auprès des familles.",
    )
    factories.ArticulationFactory(action=action, dispositif__nom="Articulation en brouillon")
    factories.ArticulationFactory(
        action=action, publie=True, dispositif__nom="Dispositif en brouillon"
    )

    response = client.get(action.get_absolute_url())
    texte = texte_visible(response).replace("\xa0", " ")

    assert "CLAS du Sanitas Exemple illustratif" in texte
    assert "Aide aux devoirs." in texte and "Sorties culturelles." in texte
    assert "Public Collégiens Âges de 11 à 15 ans Période Toute l'année scolaire" in texte
    assert "Quartiers Sanitas (Tours)" in texte
    assert quartier.get_absolute_url() in liens(response)
    assert "Centre social du Sanitas" in texte
    assert "Contact Accueil du centre social" in texte
    assert "https://centre-social.example.org/" in liens(response)
    assert "Mission locale (relais)" in texte
    assert "Relais d'information auprès des familles." in texte
    assert "Articulation en brouillon" not in texte
    assert "Dispositif en brouillon" not in texte


def test_page_d_une_action_peu_renseignee_sans_valeur_vide(client):
    action = nouvelle_action(publie=True, porteur__contact="")
    texte = texte_visible(client.get(action.get_absolute_url()))
    assert "Âges Non précisés." in texte
    assert "Période Non renseignée." in texte
    assert "Quartiers Non précisés." in texte
    assert "Coordonnées non renseignées." in texte
    assert "Aucune articulation avec un dispositif n’est publiée pour cette action." in texte
    assert "Exemple illustratif" not in texte
    assert "None" not in texte


# Maillage ------------------------------------------------------------------------------------


def test_maillage_croise_les_articulations_publiees(client):
    clas = nouvelle_action(publie=True, nom="CLAS")
    pre = nouvelle_action(publie=True, nom="PRE")
    cachee = nouvelle_action(nom="Action en brouillon")
    mlds = factories.DispositifFactory(publie=True, nom="MLDS")
    psad = factories.DispositifFactory(publie=True, nom="PSAD")
    seul_avec_brouillon = factories.DispositifFactory(publie=True, nom="E2C")
    brouillon = factories.DispositifFactory(nom="Dispositif en brouillon")
    articuler = factories.ArticulationFactory
    articuler(action=clas, dispositif=mlds, publie=True, nature="orientation")
    articuler(action=clas, dispositif=psad, publie=True, nature="co_animation", est_exemple=True)
    articuler(action=pre, dispositif=mlds, nature="relais")  # articulation en brouillon
    articuler(action=cachee, dispositif=seul_avec_brouillon, publie=True)
    articuler(action=pre, dispositif=brouillon, publie=True)

    response = client.get("/maillage/")

    assert maillage_lu(response) == {
        "CLAS": {"MLDS": "Orientation", "PSAD": "Co-animation Exemple illustratif"},
        "PRE": {"MLDS": "— aucune articulation", "PSAD": "— aucune articulation"},
    }
    assert lire_tableaux(response).legendes[0].startswith("Articulations publiées")
    html = response.content.decode()
    assert 'class="table-responsive' in html
    texte = texte_visible(response)
    assert "Action en brouillon" not in texte
    assert "E2C" not in texte
    assert "Dispositif en brouillon" not in texte
    # La même information, action par action, pour les petits écrans.
    par_action = texte[texte.index("Action par action") :].replace("\xa0", " ")
    assert "CLAS MLDS (orientation) PSAD (co-animation) Exemple illustratif" in par_action
    assert "PRE Aucune articulation publiée pour cette action." in par_action


def test_maillage_vide_le_dit_sans_tableau(client):
    nouvelle_action(publie=True)
    response = client.get("/maillage/")
    assert "<table" not in response.content.decode()
    assert "Aucune articulation entre une action éducative et un dispositif n’est publiée" in (
        texte_visible(response)
    )


# Déclarations --------------------------------------------------------------------------------


def test_declaration_d_accessibilite(client):
    factories.ContratDeVilleFactory(pilotes="Tour(s)Plus et l'État")
    texte = texte_visible(client.get("/accessibilite/"))
    assert "Déclaration d’accessibilité" in texte
    assert "Tour(s)Plus et l'État, pilotes du contrat de ville" in texte
    assert "est non conforme avec le référentiel" in texte
    assert "Nu Html Checker" in texte
    assert "axe-core" in texte and "WCAG 2.1" in texte.replace("\xa0", " ")
    assert "Aucun audit manuel complet selon le RGAA n’a été réalisé" in texte
    assert "Défenseur des droits" in texte


def test_mentions_legales_nomment_les_pilotes_du_contrat(client):
    contrat = factories.ContratDeVilleFactory(pilotes="Tour(s)Plus et l'État")
    texte = texte_visible(client.get("/mentions-legales/")).replace("\xa0", " ")
    assert f"contrat de ville « {contrat.nom} » (2024–2030)" in texte
    assert "par ses pilotes : Tour(s)Plus et l'État" in texte
    assert "Hébergement" in texte and "à compléter par l’exploitant" in texte
    assert "Aucune donnée personnelle concernant un jeune" in texte
    assert "Licence Ouverte 2.0" in texte


def test_mentions_legales_sans_contrat(client):
    texte = texte_visible(client.get("/mentions-legales/"))
    assert "édité par les pilotes du contrat de ville" in texte
    assert "None" not in texte


def test_plan_du_site_ne_mene_qu_a_des_pages_existantes(client):
    response = client.get("/plan-du-site/")
    html = response.content.decode()
    plan = html[html.index('<ul class="plan-du-site">') :]
    adresses = re.findall(r'href="(/[^"]*)"', plan)
    for attendu in ["/quartiers/", "/actions/", "/maillage/", "/accessibilite/"]:
        assert attendu in adresses
    for adresse in adresses:
        assert client.get(adresse).status_code == 200, adresse


def test_aucune_page_n_affiche_none(client, quartier):
    quartier.code_qpv = ""
    quartier.save()
    action = nouvelle_action(publie=True, quartiers=[quartier])
    factories.ArticulationFactory(action=action, dispositif__publie=True, publie=True)
    seance_dans(quartier, dans_jours=1, publie=True, lieu="")
    for url in [
        "/quartiers/",
        quartier.get_absolute_url(),
        "/actions/",
        action.get_absolute_url(),
        "/maillage/",
        "/accessibilite/",
        "/mentions-legales/",
        "/plan-du-site/",
    ]:
        assert "None" not in texte_visible(client.get(url)), url


# Nombre de requêtes (SAVEPOINT et RELEASE d'ATOMIC_REQUESTS compris) ----------------------------


def test_liste_des_quartiers_en_nombre_de_requetes_fixe(client, quartier):
    peu = nombre_de_requetes(client, "/quartiers/")
    for n in range(5):
        autre = factories.QuartierFactory(commune=f"Commune {n}")
        factories.DispositifFactory(publie=True, echelle="quartiers", quartiers=[quartier, autre])
        factories.DispositifFactory(publie=True)
        nouvelle_action(publie=True, quartiers=[quartier, autre])
        seance_dans(autre, dans_jours=n + 1, publie=True)
    # le contrat en vigueur, les quartiers avec leurs comptes, leurs classements.
    assert nombre_de_requetes(client, "/quartiers/") == peu == 5


def test_page_quartier_en_nombre_de_requetes_fixe(client, quartier):
    url = quartier.get_absolute_url()
    peu = nombre_de_requetes(client, url)
    for n in range(5):
        factories.DispositifFactory(publie=True, echelle="quartiers", quartiers=[quartier])
        factories.DispositifFactory(publie=True)
        nouvelle_action(publie=True, quartiers=[quartier])
        seance_dans(quartier, dans_jours=n + 1, publie=True)
        seance_dans(quartier, dans_jours=-n - 1, publie=True)
        factories.MesureFactory(quartier=quartier, periode=2016 + n, indicateur__publie=True)
    # quartier et ses classements, dispositifs, lieux qui le desservent, actions (avec porteur),
    # séances à venir, séances passées, mesures.
    assert nombre_de_requetes(client, url) == peu == 10


def test_liste_des_actions_en_nombre_de_requetes_fixe(client, quartier):
    nouvelle_action(publie=True)
    peu = nombre_de_requetes(client, "/actions/")
    for _ in range(25):
        autre = factories.QuartierFactory()
        nouvelle_action(publie=True, quartiers=[quartier, autre])
    # choix de quartiers du formulaire, total, page, quartiers des actions de la page.
    assert nombre_de_requetes(client, "/actions/") == peu == 6
    assert nombre_de_requetes(client, "/actions/?page=2") == 6


def test_page_action_en_nombre_de_requetes_fixe(client, quartier):
    action = nouvelle_action(publie=True)
    url = action.get_absolute_url()
    peu = nombre_de_requetes(client, url)
    for _ in range(5):
        action.quartiers.add(factories.QuartierFactory())
        factories.ArticulationFactory(action=action, dispositif__publie=True, publie=True)
    # action et porteur, quartiers, articulations et leurs dispositifs.
    assert nombre_de_requetes(client, url) == peu == 5


def test_maillage_en_nombre_de_requetes_fixe(client):
    factories.ArticulationFactory(action__publie=True, dispositif__publie=True, publie=True)
    peu = nombre_de_requetes(client, "/maillage/")
    actions = [nouvelle_action(publie=True) for _ in range(5)]
    dispositifs = [factories.DispositifFactory(publie=True) for _ in range(5)]
    for i, action in enumerate(actions):
        for dispositif in dispositifs[: i + 1]:
            factories.ArticulationFactory(action=action, dispositif=dispositif, publie=True)
    # dispositifs en colonne, actions en ligne, articulations.
    assert nombre_de_requetes(client, "/maillage/") == peu == 5


@pytest.mark.parametrize(
    ("url", "attendu"),
    [("/accessibilite/", 3), ("/mentions-legales/", 3), ("/plan-du-site/", 2)],
)
def test_declarations_en_nombre_de_requetes_fixe(client, url, attendu):
    factories.ContratDeVilleFactory()
    assert nombre_de_requetes(client, url) == attendu
