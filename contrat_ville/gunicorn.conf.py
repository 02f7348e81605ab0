"""Configuration de gunicorn en production (`make serve`, voir README « Mise en production »).

    gunicorn --config contrat_ville/gunicorn.conf.py contrat_ville.wsgi

Tout se règle par l'environnement : WEB_CONCURRENCY (processus), HOST et PORT (adresse
d'écoute), GUNICORN_TIMEOUT. Les journaux d'accès vont sur la sortie standard.
"""

import multiprocessing
import os
import sys


def _exiger_la_configuration_de_production():
    """Arrêter tout de suite avec un message clair plutôt que répondre 400 à chaque requête."""
    if os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on", "oui"}:
        return
    manquantes = [nom for nom in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(nom)]
    if manquantes:
        sys.exit(
            f"gunicorn : {' et '.join(manquantes)} manquant(s) dans l'environnement ; "
            "voir README, « Mise en production »."
        )


_exiger_la_configuration_de_production()

wsgi_app = "contrat_ville.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# Des processus synchrones : le portail passe son temps dans PostgreSQL et le rendu des
# gabarits, pas à attendre le réseau (le proxy devant tamponne les clients lents).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # un rendu PDF reste en dessous
graceful_timeout = 30
keepalive = 5
# Charger Django une fois dans le maître, avant de créer les processus : démarrage plus rapide
# et mémoire partagée. Sans risque ici : rien n'ouvre de connexion à la base à l'import (le pool
# psycopg naît dans chaque processus, à sa première requête).
preload_app = True
# Le répertoire des battements de cœur des processus en mémoire, pas sur un disque lent.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# En-têtes X-Forwarded-* crus seulement du proxy local.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
