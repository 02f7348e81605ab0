"""Matrice des droits : chaque URL de /gestion/ et /comptes/ × {anonyme, Lecteur, Rédacteur,
Coordinateur}. Anonyme : vers la connexion ; rôle insuffisant : 403 ; sinon la page ou, après un
POST, une redirection, et l'effet attendu en base."""

import threading

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.db import connection

from actions.models import ActionEducative
from contrat_ville.authentification import groupes_de
from contrat_ville.models import Structure
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from fiches.models import Fiche
from gestion import roles
from tests import factories
from tests.utils import texte_visible
from tests.utils_gestion import ROLES, connecter, donnees_dispositif

pytestmark = pytest.mark.django_db

CONNEXION = "/comptes/connexion/?next="
A, L, R, C = "anonyme", "lecteur", "redacteur", "coordinateur"


def attendu_pour(role, *, lecteur, redacteur, coordinateur):
    return {A: "connexion", L: lecteur, R: redacteur, C: coordinateur}[role]


@pytest.fixture
def dispositifs():
    return {
        statut: factories.DispositifFactory(nom=f"Dispositif {statut}", statut=statut)
        for statut in Statut.values
    }


# (description, URL à partir des dispositifs, statut HTTP attendu pour L, R, C)
PAGES = [
    ("tableau de bord", lambda d: "/gestion/", (200, 200, 200)),
    ("liste", lambda d: "/gestion/dispositifs/", (200, 200, 200)),
    ("page d'un brouillon", lambda d: f"/gestion/dispositifs/{d['brouillon'].pk}/", (200,) * 3),
    ("création", lambda d: "/gestion/dispositifs/ajouter/", (403, 200, 200)),
    (
        "modifier un brouillon",
        lambda d: f"/gestion/dispositifs/{d['brouillon'].pk}/modifier/",
        (403, 200, 200),
    ),
    (
        "modifier en relecture",
        lambda d: f"/gestion/dispositifs/{d['relecture'].pk}/modifier/",
        (403, 200, 200),
    ),
    (
        "modifier un publié",
        lambda d: f"/gestion/dispositifs/{d['publie'].pk}/modifier/",
        (403, 403, 200),
    ),
    (
        "modifier un archivé",
        lambda d: f"/gestion/dispositifs/{d['archive'].pk}/modifier/",
        (403, 403, 200),
    ),
    (
        "dupliquer un publié",
        lambda d: f"/gestion/dispositifs/{d['publie'].pk}/dupliquer/",
        (403, 200, 200),
    ),
    (
        "supprimer un brouillon",
        lambda d: f"/gestion/dispositifs/{d['brouillon'].pk}/supprimer/",
        (403, 200, 200),
    ),
    (
        "supprimer un publié",
        lambda d: f"/gestion/dispositifs/{d['publie'].pk}/supprimer/",
        (403, 403, 200),
    ),
    (
        "historique",
        lambda d: f"/gestion/dispositifs/{d['publie'].pk}/historique/",
        (200, 200, 200),
    ),
    (
        "restaurer (confirmation)",
        lambda d: (
            f"/gestion/dispositifs/{d['publie'].pk}/historique/"
            f"{d['publie'].history.earliest().history_id}/restaurer/"
        ),
        (403, 403, 200),
    ),
    (
        "action en GET",
        lambda d: f"/gestion/dispositifs/{d['brouillon'].pk}/statut/soumettre/",
        (403, 405, 405),
    ),
    ("mot de passe", lambda d: "/comptes/mot-de-passe/", (200, 200, 200)),
    ("mot de passe changé", lambda d: "/comptes/mot-de-passe/modifie/", (200, 200, 200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "url", "statuts"), PAGES, ids=[p[0] for p in PAGES])
def test_matrice_des_pages(client, dispositifs, role, page, url, statuts):
    adresse = url(dispositifs)
    connecter(client, ROLES[role])
    response = client.get(adresse)
    if role == A:
        assert response.status_code == 302
        assert response.url.startswith(CONNEXION)
        return
    attendu = dict(zip([L, R, C], statuts, strict=True))[role]
    assert response.status_code == attendu, (page, role)
    if attendu == 403:
        assert "Accès refusé" in texte_visible(response)


@pytest.mark.parametrize("role", ROLES)
def test_connexion_ouverte_a_tous_et_renvoie_les_connectes_au_tableau_de_bord(client, role):
    connecter(client, ROLES[role])
    response = client.get("/comptes/connexion/")
    if role == A:
        assert response.status_code == 200
        assert "Connexion à l’espace équipe" in texte_visible(response)
    else:
        assert response.status_code == 302
        assert response.url == "/gestion/"


@pytest.mark.parametrize("role", ROLES)
def test_deconnexion_seulement_par_post(client, role):
    connecter(client, ROLES[role])
    assert client.get("/comptes/deconnexion/").status_code == 405
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302
    assert client.get("/gestion/").status_code == 302  # plus connecté


def test_un_compte_sans_role_est_refuse(client):
    client.force_login(factories.UserFactory())
    response = client.get("/gestion/")
    assert response.status_code == 403
    assert "réservée aux comptes ayant le rôle Lecteur" in texte_visible(response)


def test_un_superutilisateur_compte_comme_coordinateur(client, dispositifs):
    client.force_login(factories.UserFactory(is_superuser=True))
    publie = dispositifs["publie"]
    assert client.get(f"/gestion/dispositifs/{publie.pk}/modifier/").status_code == 200


def test_anonyme_renvoye_vers_la_connexion_avec_la_page_demandee(client, dispositifs):
    response = client.get("/gestion/dispositifs/?statut=brouillon")
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=/gestion/dispositifs/%3Fstatut%3Dbrouillon"


# --- Actions POST : (action, statut de départ, résultat pour L, R, C, statut après succès) ---
TRANSITIONS = [
    ("soumettre", Statut.BROUILLON, (403, 302, 302), Statut.RELECTURE),
    ("publier", Statut.RELECTURE, (403, 403, 302), Statut.PUBLIE),
    ("publier", Statut.BROUILLON, (403, 403, 302), Statut.PUBLIE),
    ("depublier", Statut.PUBLIE, (403, 403, 302), Statut.BROUILLON),
    ("archiver", Statut.PUBLIE, (403, 403, 302), Statut.ARCHIVE),
    ("remettre-en-brouillon", Statut.RELECTURE, (403, 302, 302), Statut.BROUILLON),
    ("remettre-en-brouillon", Statut.ARCHIVE, (403, 403, 302), Statut.BROUILLON),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "depart", "statuts", "arrivee"), TRANSITIONS)
def test_matrice_des_actions_de_publication(client, role, action, depart, statuts, arrivee):
    dispositif = factories.DispositifFactory(statut=depart)
    connecter(client, ROLES[role])
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/statut/{action}/",
        {"revision": dispositif.revision, "commentaire": ""},
    )
    dispositif.refresh_from_db()
    if role == A:
        assert response.status_code == 302 and response.url.startswith(CONNEXION)
        assert dispositif.statut == depart
        return
    attendu = dict(zip([L, R, C], statuts, strict=True))[role]
    assert response.status_code == attendu
    assert dispositif.statut == (arrivee if attendu == 302 else depart)


@pytest.mark.parametrize("role", ROLES)
def test_seul_un_coordinateur_confirme_l_exactitude(client, role):
    dispositif = factories.DispositifFactory(publie=True, verifie_le=None)
    connecter(client, ROLES[role])
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/statut/confirmer/",
        {"revision": dispositif.revision},
    )
    dispositif.refresh_from_db()
    attendu = {A: 302, L: 403, R: 403, C: 302}[role]
    assert response.status_code == attendu
    assert (dispositif.verifie_le is not None) == (role == C)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("statut", "statuts"),
    [(Statut.BROUILLON, (403, 302, 302)), (Statut.PUBLIE, (403, 403, 302))],
)
def test_modifier_par_post(client, role, statut, statuts):
    dispositif = factories.DispositifFactory(statut=statut, nom="Nom d'origine")
    connecter(client, ROLES[role])
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(dispositif, nom="Nom changé"),
    )
    dispositif.refresh_from_db()
    if role == A:
        assert response.status_code == 302 and response.url.startswith(CONNEXION)
    else:
        assert response.status_code == dict(zip([L, R, C], statuts, strict=True))[role]
    assert (dispositif.nom == "Nom changé") == (response.status_code == 302 and role != A)


@pytest.mark.parametrize("role", ROLES)
def test_creer_par_post(client, role):
    connecter(client, ROLES[role])
    response = client.post("/gestion/dispositifs/ajouter/", donnees_dispositif())
    attendu = {A: 302, L: 403, R: 302, C: 302}[role]
    assert response.status_code == attendu
    assert Dispositif.objects.filter(nom="Parcours de remobilisation").exists() == (role in (R, C))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("statut", "statuts"),
    [(Statut.BROUILLON, (403, 302, 302)), (Statut.PUBLIE, (403, 403, 302))],
)
def test_supprimer_par_post(client, role, statut, statuts):
    dispositif = factories.DispositifFactory(statut=statut)
    connecter(client, ROLES[role])
    response = client.post(f"/gestion/dispositifs/{dispositif.pk}/supprimer/")
    if role != A:
        assert response.status_code == dict(zip([L, R, C], statuts, strict=True))[role]
    existe = Dispositif.objects.filter(pk=dispositif.pk).exists()
    assert existe == (role == A or response.status_code == 403)


@pytest.mark.parametrize("role", ROLES)
def test_restaurer_par_post(client, role):
    dispositif = factories.DispositifFactory(nom="Premier nom")
    premiere = dispositif.history.earliest()
    dispositif.nom = "Second nom"
    dispositif.save()
    connecter(client, ROLES[role])
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/historique/{premiere.history_id}/restaurer/",
        {"revision": dispositif.revision},
    )
    dispositif.refresh_from_db()
    assert response.status_code == {A: 302, L: 403, R: 403, C: 302}[role]
    assert dispositif.nom == ("Premier nom" if role == C else "Second nom")


def test_un_redacteur_ne_modifie_pas_un_dispositif_publie_et_garde_sa_saisie(client):
    dispositif = factories.DispositifFactory(publie=True, nom="Nom publié")
    connecter(client, ROLES[R])
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(dispositif, nom="Ma correction"),
    )
    assert response.status_code == 403
    texte = texte_visible(response)
    assert "seul un coordinateur peut le modifier" in texte
    assert "Votre saisie n'a pas été enregistrée" in texte
    assert 'value="Ma correction"' in response.content.decode()
    dispositif.refresh_from_db()
    assert dispositif.nom == "Nom publié"


def test_un_redacteur_ne_voit_pas_les_boutons_reserves_aux_coordinateurs(client):
    dispositif = factories.DispositifFactory(en_relecture=True)
    connecter(client, ROLES[R])
    texte = texte_visible(client.get(f"/gestion/dispositifs/{dispositif.pk}/"))
    assert "Remettre en brouillon" in texte
    assert "Publier" not in texte
    assert "Archiver" not in texte


def test_les_groupes_des_roles_existent():
    assert set(Group.objects.values_list("name", flat=True)) >= set(filter(None, ROLES.values()))


# --- Rôles = permissions données aux groupes par la migration --------------------------------


def _permissions_du_groupe(nom):
    return {
        f"{application}.{codename}"
        for application, codename in Group.objects.get(name=nom).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", roles.ROLES)
def test_apres_migration_chaque_groupe_a_exactement_les_permissions_de_la_table(role):
    assert _permissions_du_groupe(role) == roles.permissions_des_roles()[role]


def test_la_table_des_roles_est_cumulative_et_dit_ce_que_chacun_ajoute():
    table = roles.permissions_des_roles()
    lecteur, redacteur, coordinateur = (table[role] for role in roles.ROLES)
    assert lecteur < redacteur < coordinateur
    assert {"dispositifs.view_dispositif", "indicateurs.view_mesure"} <= lecteur
    assert "dispositifs.view_historicaldispositif" in lecteur
    assert not any(nom.split(".")[1].startswith(("add_", "change_", "delete_")) for nom in lecteur)
    assert {
        "dispositifs.change_dispositif",
        "contrat_ville.add_quartier",
        "indicateurs.change_mesure",
        "seances.add_participation",
        "fiches.delete_etapecalendrier",
    } <= redacteur
    assert "contrat_ville.change_quartier" not in redacteur
    assert not any(nom.split(".")[1].startswith("publish_") for nom in redacteur)
    assert coordinateur - redacteur >= {
        "dispositifs.publish_dispositif",
        "seances.publish_seance",
        "contrat_ville.change_quartier",
        "dispositifs.delete_situation",
        "indicateurs.import_mesure",
        "seances.add_diffusion",
        "dispositifs.change_historicaldispositif",
    }


def test_appliquer_recree_un_groupe_supprime_avec_ses_permissions():
    Group.objects.filter(name=roles.REDACTEUR).delete()
    roles.appliquer(apps)
    assert _permissions_du_groupe(roles.REDACTEUR) == roles.permissions_des_roles()[roles.REDACTEUR]


def test_l_espace_equipe_lit_les_permissions_et_non_le_nom_du_groupe(client):
    """Un groupe « Coordinateur » vidé de ses permissions n'ouvre rien ; des permissions données
    au compte lui-même, sans groupe, ouvrent ce qu'elles permettent."""
    Group.objects.get(name=roles.COORDINATEUR).permissions.clear()
    connecter(client, roles.COORDINATEUR)
    assert client.get("/gestion/").status_code == 403

    agent = factories.UserFactory()
    agent.user_permissions.set(
        Permission.objects.filter(
            codename__in=[nom.split(".")[1] for nom in roles.permissions_des_roles()[roles.LECTEUR]]
        )
    )
    client.force_login(agent)
    response = client.get("/gestion/")
    assert response.status_code == 200
    assert "sans rôle" in texte_visible(response)  # le rôle affiché vient des groupes
    assert client.get("/gestion/dispositifs/ajouter/").status_code == 403


def test_permissions_et_groupes_du_compte_lus_en_une_requete(django_assert_num_queries):
    agent = User.objects.get(pk=factories.UserFactory(role=roles.REDACTEUR).pk)
    agent.user_permissions.add(Permission.objects.get(codename="publish_fiche"))
    with django_assert_num_queries(1):
        assert agent.has_perm("dispositifs.change_dispositif")
        assert agent.has_perm("fiches.publish_fiche")  # permission propre au compte
        assert not agent.has_perm("dispositifs.publish_dispositif")
        assert groupes_de(agent) == {roles.REDACTEUR}


def test_un_refus_nomme_le_role_qui_a_la_permission(client):
    connecter(client, roles.REDACTEUR)
    response = client.get("/gestion/mesures/import/")
    assert response.status_code == 403
    assert "réservée aux comptes ayant le rôle Coordinateur" in texte_visible(response)


# --- /admin/ : les mêmes règles que l'espace équipe ------------------------------------------


def _admin(client, **options):
    agent = factories.UserFactory(is_staff=True, **options)
    client.force_login(agent)
    return agent


def _donnees_structure(structure, **modifications):
    return {
        "nom": structure.nom,
        "slug": structure.slug,
        "type": structure.type,
        "revision_chargee": structure.revision,
        **modifications,
    }


def _action(client, modele, action, *objets):
    return client.post(
        f"/admin/{modele._meta.app_label}/{modele._meta.model_name}/",
        {"action": action, "_selected_action": [objet.pk for objet in objets]},
        follow=True,
    )


def test_admin_un_superutilisateur_ne_change_pas_le_statut_par_le_formulaire(client):
    _admin(client, is_superuser=True)
    structure = factories.StructureFactory(statut=Statut.BROUILLON, nom="CIO")
    url = f"/admin/contrat_ville/structure/{structure.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="statut"' not in html and 'name="publie_le"' not in html
    assert 'name="revision_chargee"' in html
    response = client.post(url, _donnees_structure(structure, nom="CIO Nord", statut="publie"))
    assert response.status_code == 302
    structure.refresh_from_db()
    assert (structure.nom, structure.statut, structure.publie_le) == ("CIO Nord", "brouillon", None)


def test_admin_l_action_publier_note_la_date_l_auteur_et_le_motif(client):
    agent = _admin(client, is_superuser=True)
    brouillon = factories.DispositifFactory(statut=Statut.BROUILLON)
    archive = factories.DispositifFactory(statut=Statut.ARCHIVE, nom="Ancien dispositif")
    response = _action(client, Dispositif, "etape_publier", brouillon, archive)
    brouillon.refresh_from_db()
    assert brouillon.statut == Statut.PUBLIE
    assert brouillon.publie_le is not None and brouillon.statut_modifie_par == agent
    derniere = brouillon.history.latest()
    assert (derniere.history_change_reason, derniere.history_user) == ("Publier", agent)
    texte = texte_visible(response)
    assert "Publier : fait pour 1 dispositif." in texte
    assert "refusé pour 1 dispositif" in texte
    assert "« Ancien dispositif » est « archivé », d'où cette étape ne part pas" in texte
    archive.refresh_from_db()
    assert archive.statut == Statut.ARCHIVE


def test_admin_un_redacteur_ne_publie_pas_et_ne_modifie_pas_ce_qui_est_publie(client):
    _admin(client, role=roles.REDACTEUR)
    brouillon = factories.DispositifFactory(statut=Statut.BROUILLON)
    publie = factories.StructureFactory(publie=True, nom="CIO publié")

    liste = client.get("/admin/dispositifs/dispositif/").content.decode()
    assert 'value="etape_soumettre"' in liste and 'value="etape_publier"' not in liste
    _action(client, Dispositif, "etape_publier", brouillon)
    brouillon.refresh_from_db()
    assert brouillon.statut == Statut.BROUILLON

    # Une étape qu'il peut faire depuis un statut (relecture → brouillon) et pas depuis un
    # autre (archivé → brouillon) : faite pour l'un, refusée pour l'autre, avec la raison.
    relecture = factories.DispositifFactory(en_relecture=True, nom="En relecture")
    archive = factories.DispositifFactory(archive=True, nom="Archivé")
    texte = texte_visible(
        _action(client, Dispositif, "etape_remettre_en_brouillon", relecture, archive)
    )
    assert "fait pour 1 dispositif" in texte
    assert "« Archivé » : il faut la permission « dispositifs.publish_dispositif »" in texte
    relecture.refresh_from_db(), archive.refresh_from_db()
    assert (relecture.statut, archive.statut) == (Statut.BROUILLON, Statut.ARCHIVE)

    url = f"/admin/contrat_ville/structure/{publie.pk}/change/"
    assert 'name="nom"' not in client.get(url).content.decode()  # lecture seule
    response = client.post(url, _donnees_structure(publie, nom="Corrigé"))
    assert response.status_code == 403
    assert client.post(f"/admin/contrat_ville/structure/{publie.pk}/delete/").status_code == 403
    publie.refresh_from_db()
    assert publie.nom == "CIO publié"


def test_admin_un_formulaire_perime_est_refuse_en_francais_sans_rien_enregistrer(client):
    _admin(client, is_superuser=True, first_name="Camille", last_name="Admin")
    structure = factories.StructureFactory(nom="CIO")
    donnees = _donnees_structure(structure, nom="Ma version")
    Structure.objects.filter(pk=structure.pk).update(nom="Version de l'autre", revision=1)
    response = client.post(f"/admin/contrat_ville/structure/{structure.pk}/change/", donnees)
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Conflit : enregistrement refusé" in texte and "Rien n'a été enregistré" in texte
    html = response.content.decode()
    assert 'value="Ma version"' in html  # saisie conservée
    assert 'name="revision_chargee" value="1"' in html  # un nouvel envoi remplacera l'autre
    structure.refresh_from_db()
    assert (structure.nom, structure.revision) == ("Version de l'autre", 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="deux connexions simultanées : PostgreSQL seulement"
)
def test_admin_un_enregistrement_concurrent_est_arrete_par_l_update_conditionnel(
    client, monkeypatch
):
    """L'autre enregistrement est validé (autre connexion) entre la validation du formulaire et
    son écriture : l'UPDATE conditionnel le voit, rien n'est écrit, et le formulaire réaffiché
    dit le conflit en gardant la saisie."""
    from contrat_ville.admin import PubliableAdmin

    _admin(client, is_superuser=True)
    structure = factories.StructureFactory(nom="CIO")
    enregistrer = PubliableAdmin.save_model

    def ecrire_ailleurs():
        Structure.objects.filter(pk=structure.pk).update(nom="Version de l'autre", revision=1)
        connection.close()

    def concurrent_puis_enregistrer(self, request, obj, form, change):
        monkeypatch.setattr(PubliableAdmin, "save_model", enregistrer)
        autre = threading.Thread(target=ecrire_ailleurs)
        autre.start()
        autre.join(timeout=10)
        return enregistrer(self, request, obj, form, change)

    monkeypatch.setattr(PubliableAdmin, "save_model", concurrent_puis_enregistrer)
    response = client.post(
        f"/admin/contrat_ville/structure/{structure.pk}/change/",
        _donnees_structure(structure, nom="Ma version"),
    )
    assert "Conflit : enregistrement refusé" in texte_visible(response)
    assert 'value="Ma version"' in response.content.decode()
    structure.refresh_from_db()
    assert (structure.nom, structure.revision) == ("Version de l'autre", 1)


# --- Suppressions en cascade et éléments supprimés ---------------------------------------------
def _fiche_avec_indicateur_publie():
    fiche = factories.FicheFactory(statut=Statut.BROUILLON)
    indicateur = factories.IndicateurFactory(fiche=fiche, publie=True)
    factories.MesureFactory(indicateur=indicateur)
    return f"/gestion/fiches/{fiche.pk}/supprimer/", Fiche, fiche.pk


def _action_avec_articulation_publiee():
    action = factories.ActionEducativeFactory(statut=Statut.BROUILLON)
    factories.ArticulationFactory(action=action, publie=True)
    return f"/gestion/actions/{action.pk}/supprimer/", ActionEducative, action.pk


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "fabrique", [_fiche_avec_indicateur_publie, _action_avec_articulation_publiee]
)
def test_supprimer_en_cascade_un_contenu_publie(client, role, fabrique):
    adresse, modele, pk = fabrique()
    connecter(client, ROLES[role])
    for methode in (client.get, client.post):
        response = methode(adresse)
        if role == A:
            assert response.status_code == 302 and response.url.startswith(CONNEXION)
        elif methode == client.get:
            assert response.status_code == {L: 403, R: 403, C: 200}[role]
    assert response.status_code == {A: 302, L: 403, R: 403, C: 302}[role]
    assert modele.objects.filter(pk=pk).exists() == (role != C)


@pytest.mark.parametrize("role", ROLES)
def test_elements_supprimes_reserves_aux_coordinateurs(client, role):
    pk = factories.DispositifFactory(publie=True).pk
    Dispositif.objects.get(pk=pk).delete()
    suppression = Dispositif.history.get(history_type="-")
    restaurer = f"/gestion/supprimes/dispositif/{suppression.history_id}/restaurer/"
    connecter(client, ROLES[role])
    for response in (
        client.get("/gestion/supprimes/"),
        client.get(restaurer),
        client.post(restaurer),
    ):
        if role == A:
            assert response.status_code == 302 and response.url.startswith(CONNEXION)
        else:
            assert response.status_code in ({L: 403, R: 403, C: 200}[role], 302)
            assert (response.status_code == 403) == (role != C)
    assert Dispositif.objects.filter(pk=pk).exists() == (role == C)
