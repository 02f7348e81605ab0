"""Suppressions en cascade et « Éléments supprimés » : une suppression n'emporte jamais ce que
la personne ne pourrait pas supprimer elle-même, et ce qui a été supprimé se restaure depuis
l'historique, avec ce que la suppression avait emporté."""

import pytest
from django.test import Client

from actions.models import ActionEducative, Articulation
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from fiches.models import Fiche
from gestion import roles
from indicateurs.models import Indicateur, Mesure
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db


def fiche_brouillon_avec_indicateur_publie():
    fiche = factories.FicheFactory(titre="Fiche en chantier", statut=Statut.BROUILLON)
    indicateur = factories.IndicateurFactory(
        fiche=fiche, libelle="Jeunes repérés", statut=Statut.PUBLIE
    )
    for annee in range(2015, 2025):
        factories.MesureFactory(indicateur=indicateur, periode=annee, valeur=annee - 2000)
    return fiche


def action_brouillon_avec_articulations_publiees():
    action = factories.ActionEducativeFactory(nom="CLAS des Fontaines", statut=Statut.BROUILLON)
    for nom in ("PSAD", "MLDS"):
        factories.ArticulationFactory(
            action=action, dispositif__nom=nom, dispositif__publie=True, statut=Statut.PUBLIE
        )
    return action


@pytest.fixture
def redacteur():
    return connecter(Client(), ROLES["redacteur"])


@pytest.fixture
def coordinateur():
    return connecter(Client(), ROLES["coordinateur"])


def test_un_redacteur_ne_supprime_pas_un_indicateur_publie_par_sa_fiche(redacteur):
    fiche = fiche_brouillon_avec_indicateur_publie()
    adresse = f"/gestion/fiches/{fiche.pk}/supprimer/"
    page = redacteur.get(adresse)
    assert page.status_code == 403
    texte = texte_visible(page)
    assert "Suppression refusée" in texte and "Jeunes repérés" in texte
    assert "Supprimer définitivement" not in texte
    response = redacteur.post(adresse)
    assert response.status_code == 403
    assert "Jeunes repérés" in texte_visible(response)
    assert Fiche.objects.filter(pk=fiche.pk).exists()
    assert Indicateur.objects.count() == 1 and Mesure.objects.count() == 10


def test_un_redacteur_ne_supprime_pas_des_articulations_publiees_par_leur_action(redacteur):
    action = action_brouillon_avec_articulations_publiees()
    response = redacteur.post(f"/gestion/actions/{action.pk}/supprimer/")
    assert response.status_code == 403
    texte = texte_visible(response)
    assert "Articulations" in texte and "PSAD" in texte and "MLDS" in texte
    assert ActionEducative.objects.exists() and Articulation.objects.count() == 2


def test_un_redacteur_supprime_une_fiche_brouillon_qui_n_emporte_que_des_brouillons(redacteur):
    fiche = factories.FicheFactory(statut=Statut.BROUILLON)
    factories.IndicateurFactory(fiche=fiche, statut=Statut.BROUILLON)
    assert redacteur.post(f"/gestion/fiches/{fiche.pk}/supprimer/").status_code == 302
    assert not Fiche.objects.exists() and not Indicateur.objects.exists()


def test_un_coordinateur_supprime_puis_restaure_une_fiche_avec_ce_qu_elle_emportait(coordinateur):
    fiche = fiche_brouillon_avec_indicateur_publie()
    assert coordinateur.post(f"/gestion/fiches/{fiche.pk}/supprimer/").status_code == 302
    assert not Indicateur.objects.exists() and not Mesure.objects.exists()

    liste = texte_visible(coordinateur.get("/gestion/supprimes/"))
    assert "Fiche en chantier" in liste
    # L'indicateur, emporté par la fiche, revient avec elle : il n'est pas listé seul.
    assert "Jeunes repérés" not in liste
    suppression = Fiche.history.get(history_type="-")
    adresse = f"/gestion/supprimes/fiche/{suppression.history_id}/restaurer/"
    confirmation = texte_visible(coordinateur.get(adresse))
    assert "Restaurés avec lui" in confirmation and "Jeunes repérés" in confirmation

    response = coordinateur.post(adresse)
    assert response.status_code == 302
    assert response.url == f"/gestion/fiches/{fiche.pk}/"
    assert Fiche.objects.get(pk=fiche.pk).statut == Statut.BROUILLON
    indicateur = Indicateur.objects.get()
    assert indicateur.statut == Statut.PUBLIE and indicateur.libelle == "Jeunes repérés"
    assert sorted(Mesure.objects.values_list("periode", flat=True)) == list(range(2015, 2025))
    derniere = indicateur.history.latest()
    assert derniere.history_change_reason == "Restauration après suppression"
    assert derniere.history_user == coordinateur.user
    assert "Aucun élément supprimé à restaurer" in texte_visible(
        coordinateur.get("/gestion/supprimes/")
    )
    assert coordinateur.post(adresse).status_code == 404  # déjà restaurée


def test_un_dispositif_restaure_retrouve_ses_listes(coordinateur):
    situation = factories.SituationFactory(libelle="Sorti sans diplôme")
    dispositif = factories.DispositifFactory(nom="Garantie jeunes", publie=True)
    dispositif.situations.set([situation])
    assert coordinateur.post(f"/gestion/dispositifs/{dispositif.pk}/supprimer/").status_code == 302
    suppression = Dispositif.history.get(history_type="-")
    coordinateur.post(f"/gestion/supprimes/dispositif/{suppression.history_id}/restaurer/")
    restaure = Dispositif.objects.get(pk=dispositif.pk)
    assert restaure.statut == Statut.PUBLIE
    assert list(restaure.situations.all()) == [situation]
    assert "Garantie jeunes" in texte_visible(Client().get("/dispositifs/"))


def test_une_restauration_dont_l_identifiant_a_ete_repris_est_refusee_en_francais(coordinateur):
    dispositif = factories.DispositifFactory(nom="PSAD", slug="psad")
    coordinateur.post(f"/gestion/dispositifs/{dispositif.pk}/supprimer/")
    factories.DispositifFactory(nom="PSAD bis", slug="psad")
    suppression = Dispositif.history.get(history_type="-")
    response = coordinateur.post(
        f"/gestion/supprimes/dispositif/{suppression.history_id}/restaurer/", follow=True
    )
    assert "Restauration impossible" in texte_visible(response)
    assert Dispositif.objects.count() == 1


def test_la_liste_des_elements_supprimes_se_lit_en_un_nombre_fixe_de_requetes(coordinateur):
    def supprimer_une_fiche():
        fiche = fiche_brouillon_avec_indicateur_publie()
        coordinateur.post(f"/gestion/fiches/{fiche.pk}/supprimer/")

    supprimer_une_fiche()
    une = nombre_de_requetes(coordinateur, "/gestion/supprimes/")
    for _ in range(3):
        supprimer_une_fiche()
    assert nombre_de_requetes(coordinateur, "/gestion/supprimes/") == une


def test_dans_l_admin_aussi_la_cascade_ne_supprime_pas_ce_qui_est_publie(client):
    redacteur = factories.UserFactory(is_staff=True, role=roles.REDACTEUR)
    client.force_login(redacteur)
    fiche = fiche_brouillon_avec_indicateur_publie()
    adresse = f"/admin/fiches/fiche/{fiche.pk}/delete/"
    response = client.post(adresse, {"post": "yes"})
    assert response.status_code == 403
    assert Fiche.objects.exists() and Indicateur.objects.exists()


def test_une_suppression_par_l_admin_se_restaure_avec_ce_qu_elle_emportait(client, coordinateur):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    fiche = fiche_brouillon_avec_indicateur_publie()
    client.post(f"/admin/fiches/fiche/{fiche.pk}/delete/", {"post": "yes"})
    assert not Fiche.objects.exists()
    suppression = Fiche.history.get(history_type="-")
    coordinateur.post(f"/gestion/supprimes/fiche/{suppression.history_id}/restaurer/")
    assert Fiche.objects.exists() and Mesure.objects.count() == 10
