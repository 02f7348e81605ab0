"""Les comptes de l'équipe : connexion en français, verrouillage après cinq échecs (django-axes),
changement de mot de passe avec les validateurs, lien « Espace équipe » de l'en-tête."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from gestion import roles
from tests import factories
from tests.utils import texte_visible

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "mot-de-passe-de-test"


@pytest.fixture
def agent():
    return factories.UserFactory(username="camille", role=roles.REDACTEUR)


def se_connecter(client, mot_de_passe, next_=""):
    return client.post(
        "/comptes/connexion/", {"username": "camille", "password": mot_de_passe, "next": next_}
    )


def test_connexion_puis_retour_a_la_page_demandee(client, agent):
    response = se_connecter(client, MOT_DE_PASSE, next_="/gestion/dispositifs/")
    assert response.status_code == 302
    assert response.url == "/gestion/dispositifs/"
    assert client.get("/gestion/dispositifs/").status_code == 200


def test_connexion_sans_page_demandee_mene_au_tableau_de_bord(client, agent):
    response = se_connecter(client, MOT_DE_PASSE)
    assert response.url == "/gestion/"


def test_mauvais_mot_de_passe_message_en_francais(client, agent):
    response = se_connecter(client, "pas-le-bon")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in texte_visible(response)


def test_verrouillage_apres_cinq_echecs_meme_avec_le_bon_mot_de_passe(client, agent):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert se_connecter(client, "pas-le-bon").status_code == 200
    response = se_connecter(client, "pas-le-bon")
    assert response.status_code == 429
    texte = texte_visible(response)
    assert "Connexion temporairement bloquée" in texte
    assert "après 5 échecs" in texte
    assert "pendant 15 minutes" in texte

    response = se_connecter(client, MOT_DE_PASSE)
    assert response.status_code == 429
    assert client.get("/gestion/").status_code == 302  # toujours pas connecté


def test_le_verrouillage_vise_l_identifiant_depuis_cette_adresse(client, agent):
    factories.UserFactory(username="dominique", role=roles.LECTEUR)
    for _ in range(5):
        se_connecter(client, "pas-le-bon")
    response = client.post(
        "/comptes/connexion/", {"username": "dominique", "password": MOT_DE_PASSE}
    )
    assert response.status_code == 302  # un autre compte, même adresse : pas bloqué


def test_un_succes_remet_le_compteur_a_zero(client, agent):
    for _ in range(4):
        se_connecter(client, "pas-le-bon")
    assert se_connecter(client, MOT_DE_PASSE).status_code == 302
    assert not AccessAttempt.objects.filter(username="camille", failures_since_start__gt=0)


def test_le_blocage_est_leve_apres_le_delai(client, agent):
    for _ in range(5):
        se_connecter(client, "pas-le-bon")
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    attempt = AccessAttempt.objects.get(username="camille")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME
    attempt.save()
    assert se_connecter(client, MOT_DE_PASSE).status_code == 302


def test_changer_de_mot_de_passe_applique_les_validateurs(client, agent):
    client.force_login(agent)
    response = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": "court", "new_password2": "court"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in texte_visible(response)

    nouveau = "une phrase de passe assez longue"
    response = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
    )
    assert response.status_code == 302
    assert response.url == "/comptes/mot-de-passe/modifie/"
    agent.refresh_from_db()
    assert agent.check_password(nouveau)
    assert "Mot de passe changé" in texte_visible(client.get(response.url))


def test_la_session_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_lien_espace_equipe_vers_la_connexion_puis_le_tableau_de_bord(client, agent):
    assert 'href="/comptes/connexion/">Espace équipe</a>' in client.get("/").content.decode()
    client.force_login(agent)
    assert 'href="/gestion/">Espace équipe</a>' in client.get("/").content.decode()


def test_l_en_tete_de_l_espace_equipe_nomme_l_agent_et_son_role(client):
    agent = factories.UserFactory(first_name="Camille", last_name="Martin", role=roles.LECTEUR)
    client.force_login(agent)
    texte = texte_visible(client.get("/gestion/"))
    assert "Camille Martin – Lecteur" in texte
    assert "Se déconnecter" in texte
