"""Banc de charge : gunicorn (2 processus) sous wrk, en rapport à une vue nue.

Usage (voir README, « Mesures de performance ») :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_banc \\
        .venv/bin/python bench/load.py [--duree 20] [--sans-preparation]

Prépare la base PostgreSQL de DATABASE_URL comme bench/pages.py (vidée, démo,
`generer_volume --facteur 1`), démarre gunicorn avec la configuration de production
(contrat_ville/gunicorn.conf.py, DEBUG=0, cache local à chaque processus) sur 127.0.0.1 avec
l'application de bench/wsgi.py (le portail plus la vue nue), attend /sante/, puis lance
`wrk -t2 -c50 -d<durée>s --latency --timeout=10s` sur chaque cible : la vue nue, l'annuaire
cache froid (une chaîne de requête différente à chaque requête), l'annuaire cache chaud et la
page d'un dispositif. Imprime requêtes/s, latences p50 et p99, erreurs (réponses non 2xx/3xx
et erreurs de socket) et le débit de chaque cible rapporté à celui de la vue nue. gunicorn est
arrêté à la fin, même en cas d'erreur. Tout reste sur la boucle locale.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "bench"))

HOTE = "127.0.0.1"
DUREE_MAX = 60
DELAI_CLIENT = 10
ANNUAIRE_FROID = """
-- Une chaîne de requête différente à chaque requête : aucune page ne vient du cache.
local compteur = 0
request = function()
  compteur = compteur + 1
  return wrk.format("GET", "/dispositifs/?banc=" .. math.random(1, 1000000000) .. "-" .. compteur)
end
"""


def port_libre():
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


def environnement(port):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY")
        or "banc-de-charge-cle-locale-0123456789-abcdefghijklmnopqrstuv",
        "ALLOWED_HOSTS": HOTE,
        "SECURE_SSL_REDIRECT": "0",  # pas de TLS sur la boucle locale
        "HOST": HOTE,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "CACHE_PAGES_ANONYMES": "1",
        "REDIS_URL": os.environ.get("REDIS_URL_BANC", ""),
        "DJANGO_SETTINGS_MODULE": "contrat_ville.settings",
    }


def demarrer_gunicorn(port, journal):
    commande = [
        str(RACINE / ".venv" / "bin" / "gunicorn"),
        "--config",
        str(RACINE / "contrat_ville" / "gunicorn.conf.py"),
        "--chdir",
        str(RACINE),
        "bench.wsgi:application",
    ]
    return subprocess.Popen(  # noqa: S603 (commande fixe, sans shell)
        commande,
        cwd=RACINE,
        env=environnement(port),
        stdout=journal,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # son propre groupe : arrêté d'un coup, maître et processus
    )


def arreter(processus):
    if processus.poll() is not None:
        return
    os.killpg(processus.pid, signal.SIGTERM)
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()


def attendre(url, processus, delai=60):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if processus.poll() is not None:
            raise SystemExit(f"gunicorn arrêté (code {processus.returncode}) : voir son journal")
        try:
            with urllib.request.urlopen(url, timeout=2) as reponse:  # noqa: S310 (boucle locale)
                if reponse.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} ne répond pas après {delai} s")


def demander(url):
    with urllib.request.urlopen(url, timeout=30) as reponse:  # noqa: S310 (boucle locale)
        return reponse.status, reponse.headers.get("X-Cache", "")


UNITES = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _duree_ms(texte):
    valeur, unite = re.fullmatch(r"([\d.]+)(us|ms|s|m)", texte).groups()
    return float(valeur) * UNITES[unite]


def lire_wrk(sortie):
    """Requêtes/s, latences p50 et p99 (ms), réponses non 2xx/3xx, erreurs de socket
    (connexion, lecture, écriture, délai dépassé)."""
    debit = float(re.search(r"Requests/sec:\s+([\d.]+)", sortie).group(1))
    p50 = _duree_ms(re.search(r"^\s+50%\s+(\S+)", sortie, re.M).group(1))
    p99 = _duree_ms(re.search(r"^\s+99%\s+(\S+)", sortie, re.M).group(1))
    socket_ = re.search(r"Socket errors: (.+)", sortie)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", sortie)
    return {
        "debit": debit,
        "p50": p50,
        "p99": p99,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket": sum(int(n) for n in re.findall(r"\d+", socket_.group(1))) if socket_ else 0,
    }


def lancer_wrk(url, duree, script=None):
    # Délai client de 10 s (2 s par défaut) : une réponse servie lentement, parce que la file
    # d'attente est longue, n'est pas une erreur ; gunicorn coupe lui-même à 30 s.
    commande = ["wrk", "-t2", "-c50", f"-d{duree}s", "--latency", f"--timeout={DELAI_CLIENT}s"]
    if script:
        commande += ["-s", script]
    resultat = subprocess.run(  # noqa: S603 (commande fixe, sans shell)
        [*commande, url], capture_output=True, text=True, check=True, timeout=duree + 60
    )
    return lire_wrk(resultat.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=int, default=20, help=f"secondes par cible (≤ {DUREE_MAX})")
    parser.add_argument("--facteur", type=float, default=1.0)
    parser.add_argument("--sans-preparation", action="store_true")
    arguments = parser.parse_args()
    if not 1 <= arguments.duree <= DUREE_MAX:
        raise SystemExit(f"--duree entre 1 et {DUREE_MAX} secondes")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/load.py mesure gunicorn sur PostgreSQL : DATABASE_URL=postgres://…")
    if not shutil.which("wrk"):
        raise SystemExit("wrk introuvable : sudo apt-get install wrk")

    import pages  # bench/pages.py : même configuration et même préparation

    pages.configurer()
    if arguments.sans_preparation:
        from django.core.management import call_command

        call_command("collectstatic", verbosity=0, interactive=False)
    else:
        pages.preparer(arguments.facteur)
    from dispositifs.models import Dispositif

    fiche = Dispositif.objects.publies().get(slug="psad").get_absolute_url()

    port = port_libre()
    base = f"http://{HOTE}:{port}"
    chemin_journal = RACINE / "var" / "banc-gunicorn.log"
    print(f"gunicorn sur {base} (2 processus), journal : {chemin_journal}")
    with open(chemin_journal, "w") as journal, tempfile.TemporaryDirectory() as dossier:
        script = Path(dossier) / "annuaire_froid.lua"
        script.write_text(ANNUAIRE_FROID)
        gunicorn = demarrer_gunicorn(port, journal)
        try:
            attendre(f"{base}/sante/", gunicorn)
            cibles = [
                ("vue nue", "/_banc/nue/", None),
                ("annuaire, cache froid", "/dispositifs/", str(script)),
                ("annuaire, cache chaud", "/dispositifs/", None),
                ("fiche dispositif (cache chaud)", fiche, None),
            ]
            resultats = {}
            for nom, chemin, lua in cibles:
                for _ in range(4):  # échauffement ; remplit le cache de chaque processus
                    statut, cache = demander(base + chemin)
                if lua:
                    chemin, cache = f"{chemin}?banc=<unique>", "MISS à chaque requête"
                print(f"  {nom:<32} {chemin} → {statut} {cache}".rstrip(), flush=True)
                resultats[nom] = lancer_wrk(base + chemin, arguments.duree, lua)
        finally:
            arreter(gunicorn)

    nue = resultats["vue nue"]["debit"]
    print(
        f"\nwrk -t2 -c50 -d{arguments.duree}s --latency --timeout={DELAI_CLIENT}s, "
        "gunicorn 2 processus, PostgreSQL"
    )
    colonnes = ["req/s", "p50 ms", "p99 ms", "non 2xx", "socket"]
    print(f"{'cible':<32} {' '.join(f'{c:>8}' for c in colonnes)} {'× vue nue':>10}")
    for nom, r in resultats.items():
        print(
            f"{nom:<32} {r['debit']:>8.1f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
            f"{r['non_2xx']:>8} {r['socket']:>8} {r['debit'] / nue:>10.2f}"
        )
    erreurs = sum(r["non_2xx"] + r["socket"] for r in resultats.values())
    print(f"Erreurs (non 2xx/3xx + socket) : {erreurs}")


if __name__ == "__main__":
    main()
