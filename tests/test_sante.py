"""Base injoignable : la sonde /sante/ et les fichiers statiques n'attendent pas le pool.

La sonde ouvre sa propre connexion (1 s au plus) ; les fichiers statiques ne touchent jamais la
base. Les tests sans marque `django_db` échouent à la moindre requête par la connexion de Django.
"""

import socket
import time

import pytest
from django.conf import settings
from django.test import Client

from portail import sonde
from tests import factories

CSS = "/static/css/portail.css"


@pytest.fixture
def base_fermee(monkeypatch):
    """La sonde vise un PostgreSQL sur un port fermé : connexion refusée tout de suite."""
    reglages = {**settings.DATABASES["default"], "OPTIONS": {}}
    reglages |= {"ENGINE": "django.db.backends.postgresql", "NAME": "portail"}
    reglages |= {"HOST": "127.0.0.1", "PORT": "1", "USER": "portail", "PASSWORD": ""}
    monkeypatch.setattr(sonde, "reglages_de_la_base", lambda: reglages)
    return reglages


@pytest.fixture
def base_muette(base_fermee):
    """Un serveur qui accepte la connexion TCP mais ne répond jamais, comme une base figée."""
    with socket.socket() as serveur:
        serveur.bind(("127.0.0.1", 0))
        serveur.listen()
        base_fermee["PORT"] = str(serveur.getsockname()[1])
        yield


def _sans_la_base_de_django(client, django_assert_num_queries, url):
    with django_assert_num_queries(0):
        return client.get(url)


@pytest.mark.django_db
def test_sante_repond_200_quand_la_base_repond(client, django_assert_num_queries):
    response = _sans_la_base_de_django(client, django_assert_num_queries, "/sante/")
    assert response.status_code == 200
    assert response.json() == {"statut": "ok", "base": "joignable"}


@pytest.mark.django_db
def test_sante_ne_lit_pas_la_session_d_un_agent_connecte(client, django_assert_num_queries):
    client.force_login(factories.UserFactory())
    response = _sans_la_base_de_django(client, django_assert_num_queries, "/sante/")
    assert response.status_code == 200


def test_sante_repond_503_en_francais_quand_la_base_est_injoignable(base_fermee):
    """Sans marque django_db : la connexion de Django n'est jamais utilisée."""
    response = Client().get("/sante/")
    assert response.status_code == 503
    assert response.json() == {
        "statut": "indisponible",
        "base": "injoignable",
        "message": "La base de données ne répond pas : le portail est indisponible.",
    }
    assert "127.0.0.1" not in response.content.decode()


def test_sante_repond_en_une_seconde_quand_la_base_ne_repond_pas(base_muette):
    """psycopg porte tout `connect_timeout` sous 2 s à 2 s : la sonde coupe elle-même à 1 s."""
    debut = time.monotonic()
    response = Client().get("/sante/")
    assert response.status_code == 503
    assert time.monotonic() - debut < 1.5


def test_sante_sqlite_sans_fichier_de_base(monkeypatch, tmp_path):
    """Une base SQLite absente n'est pas créée vide par la sonde : elle répond 503."""
    absente = tmp_path / "absente.sqlite3"
    reglages = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(absente)}
    monkeypatch.setattr(sonde, "reglages_de_la_base", lambda: reglages)
    assert Client().get("/sante/").status_code == 503
    assert not absente.exists()


# --- Fichiers statiques ------------------------------------------------------------------


def test_whitenoise_passe_avant_tout_intergiciel_qui_lit_la_base():
    """Seuls la sécurité, la CSP et la Permissions-Policy (en-têtes, sans base) précèdent
    whitenoise."""
    position = settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert settings.MIDDLEWARE[:position] == [
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "django_permissions_policy.PermissionsPolicyMiddleware",
    ]


def test_fichier_statique_servi_sans_la_base_meme_avec_une_session():
    """Sans marque django_db : lire la session (en base) ferait échouer le test."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "s" * 32
    response = client.get(CSS)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_fichier_statique_sans_requete_pour_un_agent_connecte(client, django_assert_num_queries):
    client.force_login(factories.UserFactory())
    response = _sans_la_base_de_django(client, django_assert_num_queries, CSS)
    assert response.status_code == 200
