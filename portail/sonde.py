"""La sonde de `/sante/` : une connexion neuve à la base, hors pool, qui répond en 1 s au plus.

Base injoignable, les requêtes attendent une connexion du pool (`DATABASE_POOL_TIMEOUT`) ; la
sonde du répartiteur de charge ne doit ni attendre derrière elles ni utiliser la connexion de
Django (pool, `ATOMIC_REQUESTS`). Elle ouvre donc sa propre connexion avec les paramètres de
`DATABASES["default"]`, et coupe elle-même à `DELAI` : psycopg porte à 2 s tout
`connect_timeout` plus court (règle de la libpq), par adresse essayée, et la résolution du nom
d'hôte n'est pas bornée du tout.
"""

import logging
import queue
import sqlite3
import threading
from pathlib import Path

import psycopg
from django.conf import settings

DELAI = 1  # secondes
# Options de DATABASES["default"]["OPTIONS"] propres à Django, inconnues de psycopg.
DJANGO = ("pool", "isolation_level", "assume_role", "server_side_binding")

journal = logging.getLogger(__name__)


def reglages_de_la_base():
    """La base que la sonde interroge ; les tests la font pointer ailleurs."""
    return settings.DATABASES["default"]


def parametres_postgresql(reglages):
    """Les paramètres psycopg d'une connexion directe : délais courts, pas de pool."""
    options = {nom: v for nom, v in reglages.get("OPTIONS", {}).items() if nom not in DJANGO}
    delai_ms = DELAI * 1000
    options["options"] = f"{options.get('options', '')} -c statement_timeout={delai_ms}".strip()
    connexion = {
        "dbname": reglages.get("NAME"),
        "user": reglages.get("USER"),
        "password": reglages.get("PASSWORD"),
        "host": reglages.get("HOST"),
        "port": reglages.get("PORT"),
    }
    connexion = {nom: valeur for nom, valeur in connexion.items() if valeur}
    return {**options, **connexion, "connect_timeout": DELAI, "autocommit": True}


def _adresse_sqlite(nom):
    """En lecture seule : la sonde ne crée pas de base vide à la place d'un fichier absent."""
    nom = str(nom)
    return nom if nom.startswith("file:") else f"{Path(nom).resolve().as_uri()}?mode=ro"


def _interroger(reglages):
    """`SELECT 1` par une connexion neuve ; l'erreur éventuelle, ou None si la base répond."""
    try:
        if reglages["ENGINE"] == "django.db.backends.sqlite3":
            connexion = sqlite3.connect(_adresse_sqlite(reglages["NAME"]), timeout=DELAI, uri=True)
        else:
            connexion = psycopg.connect(**parametres_postgresql(reglages))
        try:
            connexion.execute("SELECT 1").fetchone()
        finally:
            connexion.close()
    except (psycopg.Error, sqlite3.Error, OSError) as erreur:
        return erreur
    return None


def base_joignable():
    """Vrai si la base répond à `SELECT 1` en moins de `DELAI` secondes.

    L'interrogation tourne dans un fil à part, abandonné au-delà du délai : il s'arrête de
    lui-même au `connect_timeout` de psycopg (2 s par adresse) et ferme sa connexion.
    """
    reponses = queue.SimpleQueue()
    reglages = reglages_de_la_base()
    threading.Thread(target=lambda: reponses.put(_interroger(reglages)), daemon=True).start()
    try:
        erreur = reponses.get(timeout=DELAI)
    except queue.Empty:
        erreur = TimeoutError(f"pas de réponse en {DELAI} s")
    if erreur is not None:
        journal.warning("Sonde /sante/ : base injoignable (%s)", erreur)
    return erreur is None
