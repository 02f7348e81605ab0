"""Banc de mesure des pages : temps serveur médian et p95, en rapport à une vue nue.

Usage (voir README, « Mesures de performance ») :

    .venv/bin/python bench/pages.py --facteurs 1 10 --repetitions 30

La base est celle de DATABASE_URL (par défaut une base SQLite jetable dans var/). Pour chaque
facteur, la base est vidée, la démo chargée, puis `generer_volume --facteur N` ajouté. Chaque
page est demandée dans le même processus, en alternance avec la vue nue, pour que les rapports
ne dépendent pas de la charge de la machine.

Chaque page publique est mesurée deux fois : cache des pages froid (vidé avant chaque requête :
la vue calcule tout) et chaud (la page vient du cache, après une seule lecture de la version
des données). Les pages de la gestion et l'admin sont demandées par un agent connecté, que le
cache ne sert jamais.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))

NUE = "/_banc/nue/"
AGENT = "banc-coordinateur"


def configurer():
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RACINE / 'var' / 'banc.sqlite3'}")
    os.environ.setdefault("SECRET_KEY", "banc-de-mesure-cle-locale-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    os.environ.setdefault("REDIS_URL", "")  # le cache local du processus, comme un seul serveur
    os.environ["DJANGO_SETTINGS_MODULE"] = "contrat_ville.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "urls"
    settings.LOGGING_CONFIG = None
    settings.CACHE_PAGES_ANONYMES = True


def preparer(facteur):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    # Le banc mesure les réglages de production (DEBUG=0) sur une base qu'il vient de vider :
    # les commandes de démonstration y sont donc forcées.
    call_command("charger_demo", verbosity=0, force=True)
    debut = time.perf_counter()
    call_command("generer_volume", facteur=facteur, force=True, verbosity=0, stdout=io.StringIO())
    duree = time.perf_counter() - debut
    User.objects.create_superuser(AGENT, f"{AGENT}@example.org", None)
    analyser()
    return duree


def analyser():
    """Statistiques du planificateur à jour, comme après le passage de l'autovacuum : sans
    elles, PostgreSQL croit les tables vides et choisit des boucles imbriquées."""
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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


def pages_d_agent():
    """Le tableau de bord et une liste de la gestion (s'ils existent déjà), et la liste des
    dispositifs de l'admin Django pour comparaison ; demandées par un agent connecté."""
    from django.urls import Resolver404, resolve

    pages = {}
    for nom, url in [
        ("gestion : tableau de bord", "/gestion/"),
        ("gestion : dispositifs", "/gestion/dispositifs/"),
    ]:
        try:
            resolve(url)
        except Resolver404:
            print(f"(note : {url} n'existe pas encore, page non mesurée)")
            continue
        pages[nom] = url
    pages["admin : dispositifs"] = "/admin/dispositifs/dispositif/"
    return pages


def chronometrer(client, url, repetitions, *, vider_le_cache=False):
    from django.core.cache import caches

    cache = caches["default"]
    temps = []
    for _ in range(repetitions):
        if vider_le_cache:
            cache.clear()
        debut = time.perf_counter()
        reponse = client.get(url)
        temps.append(time.perf_counter() - debut)
        if reponse.status_code != 200:
            raise SystemExit(f"{url} a répondu {reponse.status_code}")
    return temps


def p95(valeurs):
    return statistics.quantiles(valeurs, n=20)[-1] if len(valeurs) >= 20 else max(valeurs)


def mesurer(repetitions):
    """{mode: {page: (médiane, p95, rapport à la vue nue)}} et la médiane de la vue nue.

    Modes : « froid » et « chaud » pour les pages publiques (visiteur anonyme), « agent »
    pour la gestion et l'admin (agent connecté)."""
    from django.contrib.auth.models import User
    from django.test import Client

    anonyme, agent = Client(), Client()
    agent.force_login(User.objects.get(username=AGENT))
    publiques, d_agent = pages_a_mesurer(), pages_d_agent()
    for url in [NUE, *publiques.values()]:
        chronometrer(anonyme, url, 3, vider_le_cache=True)  # échauffement
    for url in d_agent.values():
        chronometrer(agent, url, 3)

    temps, temps_nue = {"froid": {}, "chaud": {}, "agent": {}}, []
    for nom, url in publiques.items():
        temps_nue += chronometrer(anonyme, NUE, repetitions)
        temps["froid"][nom] = chronometrer(anonyme, url, repetitions, vider_le_cache=True)
        chronometrer(anonyme, url, 1)  # la page entre dans le cache
        temps_nue += chronometrer(anonyme, NUE, repetitions)
        temps["chaud"][nom] = chronometrer(anonyme, url, repetitions)
    for nom, url in d_agent.items():
        temps_nue += chronometrer(anonyme, NUE, repetitions)
        temps["agent"][nom] = chronometrer(agent, url, repetitions)

    mediane_nue = statistics.median(temps_nue)
    return mediane_nue, {
        mode: {
            nom: (statistics.median(t), p95(t), statistics.median(t) / mediane_nue)
            for nom, t in par_page.items()
        }
        for mode, par_page in temps.items()
    }


TITRES = {
    "froid": "pages publiques, cache froid (vidé avant chaque requête)",
    "chaud": "pages publiques, cache chaud (page servie du cache)",
    "agent": "agent connecté (jamais de cache)",
}


def imprimer(resultats):
    for mode, par_page in resultats.items():
        if not par_page:
            continue
        print(f"\n  {TITRES[mode]}")
        print(f"  {'page':<36} {'médiane ms':>11} {'p95 ms':>9} {'× vue nue':>10}")
        for nom, (mediane, quantile, rapport) in par_page.items():
            print(f"  {nom:<36} {mediane * 1000:>11.2f} {quantile * 1000:>9.2f} {rapport:>10.2f}")


def charge():
    """La charge moyenne (1, 5, 15 min) : sur une machine partagée, elle dit quelle confiance
    accorder aux temps mesurés (les rapports à la vue nue y résistent mieux)."""
    return " / ".join(f"{valeur:.1f}" for valeur in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facteurs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--repetitions", type=int, default=30)
    arguments = parser.parse_args()
    configurer()
    from django.db import connection

    print(f"Base : {connection.vendor} · {arguments.repetitions} requêtes par page et par facteur")
    print(f"Charge de la machine au départ : {charge()}")
    par_facteur = {}
    for facteur in arguments.facteurs:
        duree = preparer(facteur)
        mediane_nue, resultats = mesurer(arguments.repetitions)
        par_facteur[facteur] = resultats
        print(
            f"\nFacteur {facteur:g} (volume généré en {duree:.1f} s) – vue nue : "
            f"{mediane_nue * 1000:.2f} ms (médiane)"
        )
        imprimer(resultats)
    print(f"\nCharge de la machine à la fin : {charge()}")
    if len(arguments.facteurs) > 1:
        premier, dernier = arguments.facteurs[0], arguments.facteurs[-1]
        print(
            f"\nCroissance du facteur {premier:g} au facteur {dernier:g} (rapport des rapports "
            "à la vue nue)"
        )
        print(f"  {'page':<36} {'froid':>8} {'chaud':>8} {'agent':>8}")
        noms = dict.fromkeys(n for mode in par_facteur[premier].values() for n in mode)
        for nom in noms:
            colonnes = []
            for mode in ("froid", "chaud", "agent"):
                avant = par_facteur[premier][mode].get(nom)
                apres = par_facteur[dernier][mode].get(nom)
                colonnes.append(f"{apres[2] / avant[2]:>8.2f}" if avant and apres else " " * 8)
            print(f"  {nom:<36} {' '.join(colonnes)}")


if __name__ == "__main__":
    main()
