"""Banc de mesure des pages : temps serveur médian et p95, en rapport à une vue nue.

Usage (voir README, « Mesures de performance ») :

    .venv/bin/python bench/pages.py --facteurs 1 10 --repetitions 30

La base est celle de DATABASE_URL (par défaut une base SQLite jetable dans var/). Pour chaque
facteur, la base est vidée, la démo chargée, puis `generer_volume --facteur N` ajouté. Chaque
page est demandée dans le même processus, en alternance avec la vue nue, pour que les rapports
ne dépendent pas de la charge de la machine.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))


def configurer():
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RACINE / 'var' / 'banc.sqlite3'}")
    os.environ.setdefault("SECRET_KEY", "banc-de-mesure-cle-locale-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "contrat_ville.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "urls"
    settings.LOGGING_CONFIG = None


def preparer(facteur):
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("charger_demo", verbosity=0)
    debut = time.perf_counter()
    call_command("generer_volume", facteur=facteur, verbosity=0)
    return time.perf_counter() - debut


def pages_a_mesurer():
    from dispositifs.models import Dispositif, Situation
    from indicateurs.models import Indicateur

    situation = Situation.objects.order_by("pk").first()
    dispositif = Dispositif.objects.publies().get(slug="psad")
    indicateur = Indicateur.objects.publies().filter(calcul="saisi").order_by("pk").first()
    return {
        "accueil /": "/",
        "annuaire /dispositifs/": "/dispositifs/",
        "annuaire, recherche + 2 facettes": (
            f"/dispositifs/?q=formation&situation={situation.code}&mobilisable_par=jeunes"
        ),
        "fiche dispositif": dispositif.get_absolute_url(),
        "fiche 1.2.2": "/fiches/1.2.2/",
        "indicateurs /indicateurs/": "/indicateurs/",
        "indicateur (détail)": indicateur.get_absolute_url(),
        "aide à l'orientation": (
            f"/dispositifs/orientation/?age=17&situation={situation.code}&quartier=sanitas"
        ),
    }


def chronometrer(client, url, repetitions):
    temps = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        reponse = client.get(url)
        temps.append(time.perf_counter() - debut)
        if reponse.status_code != 200:
            raise SystemExit(f"{url} a répondu {reponse.status_code}")
    return temps


def p95(valeurs):
    return statistics.quantiles(valeurs, n=20)[-1] if len(valeurs) >= 20 else max(valeurs)


def mesurer(repetitions):
    from django.test import Client

    client = Client()
    nue = "/_banc/nue/"
    for url in [nue, *pages_a_mesurer().values()]:
        chronometrer(client, url, 3)  # échauffement : gabarits et connexions
    resultats = {}
    temps_nue = []
    for nom, url in pages_a_mesurer().items():
        temps_nue += chronometrer(client, nue, repetitions)
        resultats[nom] = chronometrer(client, url, repetitions)
    mediane_nue = statistics.median(temps_nue)
    return mediane_nue, {
        nom: (statistics.median(t), p95(t), statistics.median(t) / mediane_nue)
        for nom, t in resultats.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facteurs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--repetitions", type=int, default=30)
    arguments = parser.parse_args()
    configurer()
    from django.db import connection

    print(f"Base : {connection.vendor} · {arguments.repetitions} requêtes par page et par facteur")
    par_facteur = {}
    for facteur in arguments.facteurs:
        duree = preparer(facteur)
        mediane_nue, resultats = mesurer(arguments.repetitions)
        par_facteur[facteur] = resultats
        print(
            f"\nFacteur {facteur:g} (volume généré en {duree:.1f} s) – vue nue : "
            f"{mediane_nue * 1000:.2f} ms (médiane)"
        )
        print(f"{'page':<36} {'médiane ms':>11} {'p95 ms':>9} {'× vue nue':>10}")
        for nom, (mediane, quantile, rapport) in resultats.items():
            print(f"{nom:<36} {mediane * 1000:>11.2f} {quantile * 1000:>9.2f} {rapport:>10.2f}")
    if len(arguments.facteurs) > 1:
        premier, dernier = arguments.facteurs[0], arguments.facteurs[-1]
        print(
            f"\nCroissance du facteur {premier:g} au facteur {dernier:g} (rapport des rapports "
            "à la vue nue)"
        )
        for nom in par_facteur[premier]:
            croissance = par_facteur[dernier][nom][2] / par_facteur[premier][nom][2]
            print(f"{nom:<36} {croissance:>10.2f}")


if __name__ == "__main__":
    main()
