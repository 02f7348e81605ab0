"""Les réglages lus dans l'environnement : production durcie, refus sans SECRET_KEY."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-9f8e7d6c5b4a3210zyxwvutsrqponm",
    "ALLOWED_HOSTS": "portail.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    ignorees = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in ignorees}
    environ.update(env)
    environ["DJANGO_SETTINGS_MODULE"] = "contrat_ville.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_aucun_avertissement_en_production():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "WARNINGS" not in resultat.stderr


def test_refuse_de_demarrer_en_production_sans_secret_key():
    resultat = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert resultat.returncode != 0
    assert "SECRET_KEY doit être défini" in resultat.stderr


def test_le_developpement_demarre_sans_secret_key():
    resultat = manage("check", env={"DEBUG": "1", "SECRET_KEY": "", "DATABASE_URL": ""})
    assert resultat.returncode == 0, resultat.stderr


def test_francais_et_fuseau_de_paris():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


def test_delais_de_connexion_et_du_pool_courts_et_reglables():
    code = "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
    code += "print(o['connect_timeout'], o['pool']['timeout'])"
    base = {**PRODUCTION, "DATABASE_URL": "postgres://portail@127.0.0.1:1/portail"}
    resultat = manage("shell", "-c", code, env=base)
    assert resultat.stdout.strip().splitlines()[-1] == "3 3.0", resultat.stderr
    reglee = {**base, "DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_POOL_TIMEOUT": "1.5"}
    resultat = manage("shell", "-c", code, env=reglee)
    assert resultat.stdout.strip().splitlines()[-1] == "2 1.5", resultat.stderr


EN_TETE_HSTS = (
    "from django.test import Client; "
    "print(Client().get('/sante/', secure=True, HTTP_HOST='portail.example.org')"
    "['Strict-Transport-Security'])"
)


@pytest.mark.parametrize(
    ("option", "attendu"),
    [
        ({}, "max-age=31536000"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1"}, "max-age=31536000; includeSubDomains"),
        (
            {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"},
            "max-age=31536000; includeSubDomains; preload",
        ),
    ],
    ids=["par défaut", "sous-domaines", "sous-domaines et préchargement"],
)
def test_hsts_sans_sous_domaines_ni_prechargement_sauf_sur_demande(option, attendu):
    """Le domaine parent d'une ville (et ses autres sites) ne doit pas être engagé par défaut :
    `includeSubDomains` et `preload` sont un choix de l'exploitant ; `check --deploy` reste
    propre dans tous les cas."""
    env = {**PRODUCTION, **option}
    resultat = manage("shell", "-c", EN_TETE_HSTS, env=env)
    assert resultat.stdout.strip().splitlines()[-1] == attendu, resultat.stderr
    deploiement = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploiement.returncode == 0, deploiement.stdout + deploiement.stderr
    assert "WARNINGS" not in deploiement.stderr
