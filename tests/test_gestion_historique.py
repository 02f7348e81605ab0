"""Historique lisible, restauration d'une version, et modifications concurrentes refusées sans
rien perdre (verrou optimiste)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from contrat_ville.publication import ConflitDeRevision, Statut
from dispositifs.models import Dispositif
from gestion import roles
from tests import factories
from tests.utils import texte_visible
from tests.utils_gestion import connecter, donnees_dispositif

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinateur(client):
    return connecter(client, roles.COORDINATEUR)


@pytest.fixture
def dispositif(coordinateur):
    """Un dispositif créé puis modifié par la gestion : deux versions."""
    ancien_porteur = factories.StructureFactory(nom="Rectorat d'Orléans-Tours")
    situation = factories.SituationFactory(libelle="Scolarisé en risque de décrochage")
    coordinateur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(
            nom="Plateforme de suivi",
            porteur=str(ancien_porteur.pk),
            categorie="plateforme",
            mobilisable_par="professionnels",
            description="Repérer les jeunes sortis sans diplôme et leur proposer une solution.",
            situations=[str(situation.pk)],
        ),
    )
    dispositif = Dispositif.objects.get(nom="Plateforme de suivi")
    nouveau_porteur = factories.StructureFactory(nom="Centre d'information et d'orientation")
    autre = factories.SituationFactory(libelle="Sorti sans diplôme depuis moins d'un an")
    coordinateur.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(
            dispositif,
            porteur=str(nouveau_porteur.pk),
            categorie="reseau",
            mobilisable_par="les_deux",
            age_max="",
            description="Repérer les jeunes sortis sans diplôme et les accompagner vers une "
            "solution de formation.",
            situations=[str(autre.pk)],
        ),
    )
    dispositif.refresh_from_db()
    return dispositif


def test_l_historique_liste_les_versions_avec_auteur_et_operation(coordinateur, dispositif):
    texte = texte_visible(coordinateur.get(f"/gestion/dispositifs/{dispositif.pk}/historique/"))
    assert "Versions (2)" in texte
    nom = coordinateur.user.get_full_name()
    assert f"{nom} Modification Brouillon 1" in texte
    assert f"{nom} Création Brouillon 0" in texte


def test_la_difference_est_lisible_en_francais(coordinateur, dispositif):
    response = coordinateur.get(f"/gestion/dispositifs/{dispositif.pk}/historique/")
    texte = texte_visible(response)
    # Libellés français des champs, libellés des choix, objets liés par leur nom.
    assert "Catégorie Plateforme Réseau" in texte
    assert "Porteur Rectorat d'Orléans-Tours Centre d'information et d'orientation" in texte
    assert (
        "Mobilisable par Les professionnels Les professionnels, les jeunes et leurs familles"
    ) in texte
    assert "Âge maximum 25 (vide)" in texte
    assert (
        "Situations visées Scolarisé en risque de décrochage "
        "Sorti sans diplôme depuis moins d'un an"
    ) in texte
    # Un long texte est comparé mot à mot.
    assert "[retiré : leur proposer ]" in texte
    assert "[ajouté : les accompagner vers ]" in texte
    # Jamais une clé brute ni « None ».
    for cle in ("plateforme", "reseau", "les_deux", "None"):
        assert cle not in texte


def test_comparer_deux_versions_choisies(coordinateur, dispositif):
    dispositif.publier(par=coordinateur.user)
    versions = list(dispositif.history.order_by("history_date"))
    url = f"/gestion/dispositifs/{dispositif.pk}/historique/"
    texte = texte_visible(
        coordinateur.get(url, {"de": versions[1].history_id, "a": versions[2].history_id})
    )
    assert "Statut Brouillon Publié" in texte
    assert "Catégorie" not in texte.split("Comparer deux versions")[1].split("Versions (")[0]
    # Paramètres invalides : retour à la comparaison par défaut, sans erreur.
    assert coordinateur.get(url, {"de": "abc", "a": "999999"}).status_code == 200


def test_restaurer_une_version_cree_une_nouvelle_entree(coordinateur, dispositif):
    dispositif.publier(par=coordinateur.user)
    dispositif.refresh_from_db()
    premiere = dispositif.history.earliest()
    url = f"/gestion/dispositifs/{dispositif.pk}/historique/{premiere.history_id}/restaurer/"

    texte = texte_visible(coordinateur.get(url))
    assert "Ce que la restauration changera" in texte
    assert "Catégorie Réseau Plateforme" in texte
    assert "Statut" not in texte.split("Ce que la restauration changera")[1]  # inchangé
    assert Dispositif.objects.get(pk=dispositif.pk).categorie == "reseau"  # GET : rien écrit

    response = coordinateur.post(url, {"revision": dispositif.revision}, follow=True)
    assert "Version restaurée pour « Plateforme de suivi »" in texte_visible(response)
    dispositif.refresh_from_db()
    assert dispositif.categorie == "plateforme"
    assert dispositif.porteur.nom == "Rectorat d'Orléans-Tours"
    assert dispositif.age_max == 25
    assert [s.libelle for s in dispositif.situations.all()] == ["Scolarisé en risque de décrochage"]
    assert dispositif.statut == Statut.PUBLIE  # le statut suit le cycle, pas l'historique
    derniere = dispositif.history.latest()
    assert derniere.history_change_reason.startswith("Restauration de la version du ")
    assert derniere.history_user == coordinateur.user
    assert dispositif.history.count() == 4
    assert derniere.revision == dispositif.revision == 3


def test_restauration_refusee_si_le_contenu_a_change_entre_temps(coordinateur, dispositif):
    premiere = dispositif.history.earliest()
    revision_vue = dispositif.revision
    dispositif.nom = "Changé entre-temps"
    dispositif.prendre_revision(dispositif.revision)
    dispositif.save()
    url = f"/gestion/dispositifs/{dispositif.pk}/historique/{premiere.history_id}/restaurer/"
    response = coordinateur.post(url, {"revision": revision_vue}, follow=True)
    assert "Restauration non faite" in texte_visible(response)
    dispositif.refresh_from_db()
    assert dispositif.nom == "Changé entre-temps"


def test_restauration_impossible_si_un_objet_lie_a_disparu(coordinateur, dispositif):
    premiere = dispositif.history.earliest()
    ancien_porteur = premiere.porteur
    dispositif.refresh_from_db()
    ancien_porteur.delete()  # plus personne ne le porte : la suppression est permise
    url = f"/gestion/dispositifs/{dispositif.pk}/historique/{premiere.history_id}/restaurer/"
    response = coordinateur.post(url, {"revision": dispositif.revision}, follow=True)
    assert "Restauration impossible" in texte_visible(response)
    dispositif.refresh_from_db()
    assert dispositif.categorie == "reseau"


# --- Verrou optimiste -------------------------------------------------------------------------


def test_deux_formulaires_perimes_le_second_est_refuse_sans_rien_perdre(client):
    premiere = connecter(client, roles.REDACTEUR)
    seconde = connecter(Client(), roles.REDACTEUR)
    dispositif = factories.DispositifFactory(
        nom="PSAD", contact="Accueil du CIO", resume="Plateforme de suivi."
    )
    url = f"/gestion/dispositifs/{dispositif.pk}/modifier/"
    # Les deux ouvrent le formulaire à la même révision.
    assert 'name="revision" value="0"' in premiere.get(url).content.decode()
    assert 'name="revision" value="0"' in seconde.get(url).content.decode()
    donnees_1 = donnees_dispositif(dispositif, contact="Secrétariat de la PSAD")
    donnees_2 = donnees_dispositif(dispositif, resume="Plateforme de suivi et d'appui.")

    assert premiere.post(url, donnees_1).status_code == 302
    response = seconde.post(url, donnees_2)

    assert response.status_code == 409
    texte = texte_visible(response)
    assert "Conflit : enregistrement refusé" in texte
    assert "rien n’a été écrasé" in texte
    # Les changements de l'autre personne…
    assert "Contact (fonction ou service) Accueil du CIO Secrétariat de la PSAD" in texte
    assert premiere.user.get_full_name() in texte
    html = response.content.decode()
    # … la saisie de la seconde, conservée, et la révision courante pour un nouvel essai.
    assert "Plateforme de suivi et d&#x27;appui." in html
    assert 'name="revision" value="1"' in html
    dispositif.refresh_from_db()
    assert dispositif.contact == "Secrétariat de la PSAD"
    assert dispositif.resume == "Plateforme de suivi."
    assert dispositif.history.count() == 2

    # Nouvel envoi, en connaissance de cause : accepté.
    donnees_2["revision"] = "1"
    assert seconde.post(url, donnees_2).status_code == 302
    dispositif.refresh_from_db()
    assert dispositif.resume == "Plateforme de suivi et d'appui."
    assert dispositif.revision == 2


def test_le_conflit_sans_version_d_origine_dans_l_historique(client):
    redacteur = connecter(client, roles.REDACTEUR)
    dispositif = factories.DispositifFactory(nom="PSAD")
    dispositif.history.all().delete()  # comme un import en masse, sans historique
    donnees = donnees_dispositif(dispositif, revision="0")
    dispositif.prendre_revision(0)
    dispositif.save()
    response = redacteur.post(f"/gestion/dispositifs/{dispositif.pk}/modifier/", donnees)
    assert response.status_code == 409
    assert "Le détail de ses changements n’est pas disponible" in texte_visible(response)


def test_la_reservation_de_revision_ne_laisse_gagner_qu_un_enregistrement():
    dispositif = factories.DispositifFactory()
    premier = Dispositif.objects.get(pk=dispositif.pk)
    second = Dispositif.objects.get(pk=dispositif.pk)
    premier.prendre_revision(premier.revision)
    with pytest.raises(ConflitDeRevision):
        second.prendre_revision(second.revision)
    assert Dispositif.objects.get(pk=dispositif.pk).revision == 1


def test_chaque_changement_de_statut_avance_la_revision():
    dispositif = factories.DispositifFactory()
    dispositif.soumettre()
    dispositif.publier()
    dispositif.confirmer_exactitude()
    dispositif.refresh_from_db()
    assert dispositif.revision == 3
    assert list(dispositif.history.order_by("history_date").values_list("revision", flat=True)) == [
        0,
        1,
        2,
        3,
    ]


def test_une_modification_par_l_admin_avance_la_revision(client):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    structure = factories.StructureFactory(nom="CIO de Tours")
    response = client.post(
        f"/admin/contrat_ville/structure/{structure.pk}/change/",
        {
            "nom": "CIO de Tours-Nord",
            "slug": structure.slug,
            "type": "etablissement",
            "revision_chargee": structure.revision,
        },
    )
    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.nom == "CIO de Tours-Nord"
    assert structure.revision == 1


def test_les_mois_s_affichent_par_leur_nom(coordinateur):
    dispositif = factories.DispositifFactory(mois_debut=8, mois_fin=12)
    texte = texte_visible(coordinateur.get(f"/gestion/dispositifs/{dispositif.pk}/"))
    assert "Mobilisable à partir du mois août" in texte
    coordinateur.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(dispositif, mois_debut="9"),
    )
    texte = texte_visible(coordinateur.get(f"/gestion/dispositifs/{dispositif.pk}/historique/"))
    assert "Mobilisable à partir du mois août septembre" in texte


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="verrous de ligne : PostgreSQL seulement"
)
def test_deux_enregistrements_vraiment_simultanes_un_seul_gagne():
    """Deux transactions parties de la même révision : la seconde attend le verrou de la
    première, puis ne trouve plus la ligne à cette révision."""
    dispositif = factories.DispositifFactory(nom="PSAD")
    depart = threading.Barrier(2)
    resultats = []

    def enregistrer(nom):
        try:
            with transaction.atomic():
                objet = Dispositif.objects.get(pk=dispositif.pk)
                depart.wait(timeout=10)
                objet.prendre_revision(objet.revision)
                objet.nom = nom
                time.sleep(0.3)  # la seconde transaction bute sur le verrou pendant ce temps
                objet.save()
            resultats.append(nom)
        except ConflitDeRevision:
            resultats.append("conflit")
        finally:
            connection.close()

    fils = [threading.Thread(target=enregistrer, args=(nom,)) for nom in ("PSAD A", "PSAD B")]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=30)
    assert sorted(resultats)[-1] == "conflit" and len(resultats) == 2
    gagnant = next(nom for nom in resultats if nom != "conflit")
    dispositif.refresh_from_db()
    assert dispositif.nom == gagnant
    assert dispositif.revision == 1
