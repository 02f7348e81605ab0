"""Connexion derrière un proxy et limites par adresse de /comptes/ : chaque visiteur a son
compteur d'échecs (django-ipware), un visiteur ne choisit pas le sien, la pulvérisation de mots
de passe et la devinette de l'ancien mot de passe s'arrêtent avec un message qui dit quand
réessayer."""

import sys
from types import SimpleNamespace

import pytest
from django.core import checks
from django.core.cache import cache

from gestion import limites, roles
from tests import factories
from tests.test_reglages import PRODUCTION, manage
from tests.utils import texte_visible

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "mot-de-passe-de-test"
PROXY = "10.0.0.3"


@pytest.fixture
def agent():
    return factories.UserFactory(username="camille", role=roles.REDACTEUR)


@pytest.fixture
def horloge(monkeypatch):
    """L'heure vue par les limites, au début d'une fenêtre de quinze minutes plus 250 s."""
    instant = SimpleNamespace(valeur=1_000 * 15 * 60 + 250.0)
    monkeypatch.setattr(limites, "time", SimpleNamespace(time=lambda: instant.valeur))
    return instant


def connexion(client, identifiant, mot_de_passe, **entetes):
    return client.post(
        "/comptes/connexion/",
        {"username": identifiant, "password": mot_de_passe},
        REMOTE_ADDR=entetes.pop("adresse", "127.0.0.1"),
        **entetes,
    )


# --- Derrière un proxy : l'adresse du visiteur ----------------------------------------------


def test_derriere_un_proxy_deux_visiteurs_ont_chacun_leur_compteur(client, agent, settings):
    # Un répartiteur puis nginx : X-Forwarded-For porte le visiteur, puis le répartiteur.
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    premier = {"adresse": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5, 10.0.0.2"}
    second = {"adresse": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.2"}
    for _ in range(5):
        connexion(client, "camille", "pas-le-bon", **premier)
    assert connexion(client, "camille", MOT_DE_PASSE, **premier).status_code == 429

    reponse = connexion(client, "camille", MOT_DE_PASSE, **second)
    assert reponse.status_code == 302  # l'autre visiteur n'est pas bloqué par le premier


def test_un_visiteur_qui_ajoute_des_adresses_ne_change_pas_de_compteur(client, agent, settings):
    # Un seul nginx : X-Forwarded-For ne porte que le visiteur. Celui qui envoie le sien en plus
    # retombe sur l'adresse du proxy, quelle que soit l'adresse inventée.
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    for numero in range(5):
        faux = {"adresse": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.{numero}, 203.0.113.5"}
        connexion(client, "camille", "pas-le-bon", **faux)
    faux = {"adresse": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.5"}
    assert connexion(client, "camille", MOT_DE_PASSE, **faux).status_code == 429

    honnete = {"adresse": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert connexion(client, "camille", MOT_DE_PASSE, **honnete).status_code == 302


def test_sans_proxy_declare_x_forwarded_for_est_ignore(client, agent, settings):
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]
    for numero in range(5):
        connexion(client, "camille", "pas-le-bon", HTTP_X_FORWARDED_FOR=f"192.0.2.{numero}")
    reponse = connexion(client, "camille", MOT_DE_PASSE, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert reponse.status_code == 429


def test_reglages_du_proxy_lus_dans_l_environnement():
    code = (
        "from django.conf import settings; "
        "print(settings.AXES_IPWARE_PROXY_COUNT, settings.AXES_IPWARE_META_PRECEDENCE_ORDER)"
    )
    derriere_un_proxy = {**PRODUCTION, "AXES_IPWARE_PROXY_COUNT": "1"}
    resultat = manage("shell", "-c", code, env=derriere_un_proxy)
    derniere_ligne = resultat.stdout.strip().splitlines()[-1]
    assert derniere_ligne == "1 ['HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR']", resultat.stderr
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=derriere_un_proxy)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr


def _erreurs_ipware():
    return [message for message in checks.run_checks() if message.id == "gestion.E001"]


def test_verification_refuse_un_proxy_declare_sans_django_ipware(settings, monkeypatch):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert _erreurs_ipware() == []
    monkeypatch.setitem(sys.modules, "ipware.ip", None)  # le paquet n'est plus importable
    (erreur,) = _erreurs_ipware()
    assert erreur.level == checks.ERROR
    assert "django-ipware n’est pas installé" in erreur.msg

    settings.AXES_IPWARE_PROXY_COUNT = None
    assert _erreurs_ipware() == []  # sans proxy déclaré, REMOTE_ADDR suffit


# --- Pulvérisation : beaucoup d'identifiants depuis une adresse -------------------------------


def test_pulverisation_arretee_par_adresse_avec_l_heure_de_reessai(client, agent, horloge):
    for numero in range(20):
        assert connexion(client, f"inconnu{numero}", "Printemps2026!").status_code == 200
    reponse = connexion(client, "camille", MOT_DE_PASSE)
    assert reponse.status_code == 429
    assert reponse["Retry-After"] == "650"  # la fenêtre de 900 s a commencé il y a 250 s
    texte = texte_visible(reponse)
    assert "Trop d’essais infructueux depuis cette adresse. Réessayez dans 11 minutes." in texte
    assert 'value="camille"' in reponse.content.decode()  # l'identifiant saisi est gardé
    assert client.get("/gestion/").status_code == 302  # pas connecté, même avec le bon mot

    assert connexion(client, "camille", MOT_DE_PASSE, adresse="192.0.2.8").status_code == 302
    horloge.valeur += 650
    assert connexion(client, "camille", MOT_DE_PASSE).status_code == 302


def test_le_message_dit_une_minute_au_singulier(client, agent, horloge, settings):
    settings.CONNEXION_ECHECS_PAR_ADRESSE = 1
    connexion(client, "inconnu", "pas-le-bon")
    horloge.valeur += 650 - 30
    reponse = connexion(client, "camille", MOT_DE_PASSE)
    assert "Réessayez dans 1 minute." in texte_visible(reponse)


def test_les_connexions_reussies_ne_comptent_pas(client, agent, settings):
    settings.CONNEXION_ECHECS_PAR_ADRESSE = 1
    for _ in range(3):
        assert connexion(client, "camille", MOT_DE_PASSE).status_code == 302
        client.post("/comptes/deconnexion/")


def test_le_compteur_vit_dans_le_cache_partage_entre_processus(client, agent, settings):
    settings.CONNEXION_ECHECS_PAR_ADRESSE = 1
    connexion(client, "inconnu", "pas-le-bon")
    assert connexion(client, "camille", MOT_DE_PASSE).status_code == 429
    cache.clear()  # ce que voit un autre processus : rien d'autre que le cache
    assert connexion(client, "camille", MOT_DE_PASSE).status_code == 302


# --- Changement de mot de passe : l'ancien mot de passe deviné --------------------------------


def changer(client, ancien, nouveau="une phrase de passe assez longue"):
    return client.post(
        "/comptes/mot-de-passe/",
        {"old_password": ancien, "new_password1": nouveau, "new_password2": nouveau},
    )


def test_ancien_mot_de_passe_devine_arrete_par_adresse(client, agent, horloge):
    client.force_login(agent)
    for numero in range(5):
        reponse = changer(client, f"essai-{numero}")
        assert reponse.status_code == 200
        assert "Votre ancien mot de passe est incorrect" in texte_visible(reponse)
    reponse = changer(client, MOT_DE_PASSE)
    assert reponse.status_code == 429
    assert "Réessayez dans 11 minutes." in texte_visible(reponse)
    assert "Changer de mot de passe" in texte_visible(reponse)  # sur la page du formulaire
    agent.refresh_from_db()
    assert agent.check_password(MOT_DE_PASSE)  # rien n'a changé

    horloge.valeur += 650
    assert changer(client, MOT_DE_PASSE).status_code == 302


def test_un_nouveau_mot_de_passe_refuse_ne_compte_pas(client, agent, settings):
    settings.MOT_DE_PASSE_ECHECS_PAR_ADRESSE = 1
    client.force_login(agent)
    for _ in range(3):
        assert changer(client, MOT_DE_PASSE, nouveau="court").status_code == 200
    assert changer(client, MOT_DE_PASSE).status_code == 302
