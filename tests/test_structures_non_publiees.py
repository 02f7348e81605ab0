"""Une structure non publiée (brouillon, en relecture, archivée) reste invisible du public,
même citée comme porteur ou partenaire d'un contenu publié : pages, support et son PDF,
données ouvertes, facette et recherche de l'annuaire. Et le cycle de publication garde les
contenus publiés adossés à un porteur publié."""

import pytest
from django.contrib.admin import helpers
from django.test import Client

from actions.models import ActionEducative
from contrat_ville.models import Structure
from contrat_ville.publication import PUBLICATION, Statut, TransitionInterdite
from dispositifs.models import Dispositif
from tests import factories
from tests.test_support_pdf import cache_vide, support_pdf  # noqa: F401 (fixture)
from tests.utils import texte_visible
from tests.utils_gestion import ROLES, connecter, donnees_dispositif

pytestmark = pytest.mark.django_db

SECRET = "Association Zéphyrine"  # nom de la structure en brouillon : jamais public
SIGLE = "AZEPH"


@pytest.fixture(params=[Statut.BROUILLON, Statut.RELECTURE, Statut.ARCHIVE])
def monde(request):
    """Des contenus publiés qui citent une structure non publiée : données d'avant la règle,
    ou d'un chargement qui l'a contournée."""
    contrat = factories.ContratDeVilleFactory()
    factories.FicheFactory(contrat=contrat, code="1.2.2", publie=True)
    quartier = factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    cachee = factories.StructureFactory(
        nom=SECRET, sigle=SIGLE, slug="zephyrine", statut=request.param, contact="Accueil AZ"
    )
    publiee = factories.StructureFactory(nom="Mission locale", slug="mission-locale")
    situation = factories.SituationFactory(code="sans-solution")
    porte = factories.DispositifFactory(
        publie=True, nom="Parcours Horizon", slug="horizon", porteur=cachee, situations=[situation]
    )
    accompagne = factories.DispositifFactory(
        publie=True, nom="Garantie jeunes", slug="garantie", porteur=publiee
    )
    accompagne.partenaires.set([cachee, publiee])
    action = factories.ActionEducativeFactory(
        publie=True, nom="CLAS du Sanitas", slug="clas-sanitas", porteur=cachee
    )
    action.quartiers.set([quartier])
    factories.ArticulationFactory(publie=True, action=action, dispositif=accompagne)
    # Un lieu publié de la structure cachée, qui dessert le quartier et reçoit le public d'un
    # dispositif publié : invisible avec elle.
    lieu = factories.LieuFactory(structure=cachee, nom=f"Accueil {SIGLE}", quartiers=[quartier])
    factories.AccueilFactory(dispositif=accompagne, lieu=lieu)
    factories.AccueilFactory(dispositif=porte, lieu=lieu, quartier=quartier)
    return {"cachee": cachee, "porte": porte, "accompagne": accompagne, "action": action}


def invisible(texte):
    return SECRET not in texte and SIGLE not in texte and "zephyrine" not in texte


@pytest.mark.parametrize(
    "url",
    [
        "/dispositifs/horizon/",
        "/dispositifs/garantie/",
        "/dispositifs/",
        "/dispositifs/orientation/?age=17&situation=sans-solution",
        "/actions/",
        "/actions/clas-sanitas/",
        "/quartiers/sanitas/",
        "/support/",
        "/support/?quartier=sanitas",
        "/structures/mission-locale/",
    ],
)
def test_une_structure_non_publiee_n_apparait_sur_aucune_page(client, monde, url):
    response = client.get(url)
    assert response.status_code == 200
    assert invisible(response.content.decode())


def test_ni_sa_page(client, monde):
    assert client.get("/structures/zephyrine/").status_code == 404


def test_ni_dans_le_pdf_du_support(client, monde):
    _, pages = support_pdf(client)
    texte = " ".join(pages)
    assert "Parcours Horizon" in texte and "CLAS du Sanitas" in texte
    assert invisible(texte)


@pytest.mark.parametrize("url", ["/donnees/dispositifs.json", "/donnees/dispositifs.csv"])
def test_ni_dans_les_donnees_ouvertes(client, monde, url):
    texte = client.get(url).content.decode()
    assert invisible(texte)
    assert "garantie" in texte  # le dispositif porté par une structure publiée y est


def test_une_structure_non_publiee_ne_se_cherche_pas_par_son_nom(client, monde):
    assert "Parcours Horizon" not in texte_visible(client.get("/dispositifs/?q=Zéphyrine"))


def test_le_filtre_par_porteur_non_publie_se_comporte_comme_un_porteur_inconnu(client, monde):
    brouillon = client.get("/dispositifs/?porteur=zephyrine")
    inconnu = client.get("/dispositifs/?porteur=inconnue-xyz")
    assert brouillon.status_code == inconnu.status_code
    assert invisible(brouillon.content.decode())
    normaliser = lambda r, slug: r.content.decode().replace(slug, "SLUG")  # noqa: E731
    assert normaliser(brouillon, "zephyrine") == normaliser(inconnu, "inconnue-xyz")


def test_la_facette_porteur_ne_propose_que_des_structures_publiees(client, monde):
    facettes = client.get("/dispositifs/").context["facettes"]
    porteurs = next(f for f in facettes if f.nom == "porteur")
    assert [o.valeur for o in porteurs.options] == ["mission-locale"]


def test_un_renommage_en_brouillon_n_est_pas_public(client, monde):
    cachee = monde["cachee"]
    cachee.nom = "Nouveau nom confidentiel"
    cachee.save()
    for url in ("/dispositifs/horizon/", "/actions/clas-sanitas/", "/dispositifs/"):
        assert "Nouveau nom confidentiel" not in client.get(url).content.decode()


# --- Le cycle de publication --------------------------------------------------------------------


@pytest.fixture
def coordinateur():
    return connecter(Client(), ROLES["coordinateur"])


def _etape(client, objet, action):
    return client.post(
        f"/gestion/{objet._meta.model_name}s/{objet.pk}/statut/{action}/".replace(
            "actioneducatives", "actions"
        ),
        {"revision": objet.revision, "commentaire": ""},
        follow=True,
    )


@pytest.mark.parametrize(
    "fabrique", [factories.DispositifFactory, factories.ActionEducativeFactory]
)
def test_publier_un_contenu_dont_le_porteur_n_est_pas_publie_est_refuse(coordinateur, fabrique):
    porteur = factories.StructureFactory(nom=SECRET, statut=Statut.BROUILLON)
    objet = fabrique(statut=Statut.RELECTURE, porteur=porteur)
    texte = texte_visible(_etape(coordinateur, objet, "publier"))
    assert (
        f"Il faut d'abord publier « {SECRET} » (porteur) : un contenu publié ne cite que des "
        "contenus publiés." in texte
    )
    objet.refresh_from_db()
    assert objet.statut == Statut.RELECTURE


def test_la_regle_vaut_aussi_hors_de_l_espace_equipe():
    dispositif = factories.DispositifFactory(porteur__statut=Statut.ARCHIVE)
    with pytest.raises(TransitionInterdite, match="faut d'abord publier"):
        PUBLICATION.executer(dispositif, par=None)
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.BROUILLON


@pytest.mark.parametrize("action", ["depublier", "archiver"])
def test_depublier_ou_archiver_une_structure_qui_porte_du_public_est_refuse(coordinateur, action):
    structure = factories.StructureFactory(nom="Mission locale")
    factories.DispositifFactory(publie=True, nom="Garantie jeunes", porteur=structure)
    factories.ActionEducativeFactory(publie=True, nom="CLAS des Rives", porteur=structure)
    factories.DispositifFactory(nom="Brouillon sans importance", porteur=structure)
    texte = texte_visible(_etape(coordinateur, structure, action))
    assert "Des contenus publiés dépendent de « Mission locale »" in texte
    assert "« Garantie jeunes » (dispositif)" in texte
    assert "« CLAS des Rives » (action éducative)" in texte
    assert "Brouillon sans importance" not in texte
    structure.refresh_from_db()
    assert structure.statut == Statut.PUBLIE


def test_une_structure_sans_contenu_publie_se_depublie(coordinateur):
    structure = factories.StructureFactory()
    factories.DispositifFactory(porteur=structure)
    _etape(coordinateur, structure, "depublier")
    structure.refresh_from_db()
    assert structure.statut == Statut.BROUILLON


def test_l_admin_refuse_aussi_en_disant_pourquoi(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    dispositif = factories.DispositifFactory(
        statut=Statut.RELECTURE, porteur__nom=SECRET, porteur__statut=Statut.BROUILLON
    )
    response = client.post(
        "/admin/dispositifs/dispositif/",
        {"action": "etape_publier", helpers.ACTION_CHECKBOX_NAME: [dispositif.pk]},
        follow=True,
    )
    assert f"publier « {SECRET} » (porteur)" in texte_visible(response)
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.RELECTURE


def test_un_dispositif_publie_ne_prend_pas_un_porteur_non_publie(coordinateur):
    dispositif = factories.DispositifFactory(publie=True)
    brouillon = factories.StructureFactory(nom=SECRET, statut=Statut.BROUILLON)
    response = coordinateur.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(dispositif, porteur=str(brouillon.pk)),
    )
    assert response.status_code == 200
    assert "n'est pas encore en ligne : un contenu publié ne cite que des contenus publiés" in (
        texte_visible(response)
    )
    dispositif.refresh_from_db()
    assert dispositif.porteur != brouillon
    assert Structure.objects.count() == 2 and ActionEducative.objects.count() == 0
    assert Dispositif.objects.get().porteur.est_publie
