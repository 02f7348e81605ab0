"""Le service en production : gunicorn, `make serve`, fichiers statiques hachés et immuables."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-9f8e7d6c5b4a3210zyxwvutsrqponm",
    "ALLOWED_HOSTS": "portail.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}
IGNOREES = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DEBUG"}


def lancer(commande, env, timeout=120):
    environ = {k: v for k, v in os.environ.items() if k not in IGNOREES}
    environ.update(env)
    return subprocess.run(
        commande,
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def configuration_gunicorn(**env):
    code = (
        "import json, runpy; c = runpy.run_path('contrat_ville/gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('workers', 'bind', 'accesslog', 'timeout', "
        "'preload_app', 'wsgi_app')}))"
    )
    return lancer([sys.executable, "-c", code], env)


def test_gunicorn_lit_processus_et_port_dans_l_environnement():
    resultat = configuration_gunicorn(**PRODUCTION, WEB_CONCURRENCY="3", PORT="8123")
    assert resultat.returncode == 0, resultat.stderr
    configuration = json.loads(resultat.stdout)
    assert configuration["workers"] == 3
    assert configuration["bind"] == ["127.0.0.1:8123"]
    assert configuration["accesslog"] == "-"  # journal d'accès sur la sortie standard
    assert configuration["wsgi_app"] == "contrat_ville.wsgi:application"


def test_gunicorn_refuse_de_demarrer_sans_allowed_hosts():
    resultat = configuration_gunicorn(**{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert resultat.returncode != 0
    assert "ALLOWED_HOSTS manquant" in resultat.stderr


def test_make_serve_nomme_la_variable_manquante():
    resultat = lancer(["make", "serve"], {**PRODUCTION, "SECRET_KEY": ""})
    assert resultat.returncode != 0
    assert "la variable SECRET_KEY manque" in resultat.stderr


SCRIPT_STATIQUES = """
import django
from django.core.management import call_command
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
from django.templatetags.static import static
from django.test import Client
client = Client(HTTP_HOST="portail.example.org")
hache = static("css/portail.css")
print(hache)
print(client.get(hache, secure=True)["Cache-Control"])
print(client.get("/static/css/portail.css", secure=True)["Cache-Control"])
print(client.get(hache, secure=True).get("Permissions-Policy", "absent"))
"""


def test_fichiers_statiques_haches_immuables_et_les_autres_une_heure(tmp_path):
    resultat = lancer(
        [sys.executable, "-c", SCRIPT_STATIQUES],
        {
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "contrat_ville.settings",
            "STATIC_ROOT": str(tmp_path),
        },
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    url, hache, original, permissions = resultat.stdout.split("\n")[:4]
    assert url != "/static/css/portail.css"  # nom haché par le manifeste
    assert "immutable" in hache
    assert "max-age=315360000" in hache
    assert original == "max-age=3600, public"
    # Servis par whitenoise, sans passer par les vues : l'en-tête y est aussi.
    assert "camera=()" in permissions
