"""Plans d'exécution PostgreSQL des requêtes de l'annuaire, des séances et des indicateurs.

Usage (voir README, « Mesures de performance ») :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail_banc \\
        .venv/bin/python bench/explain.py --facteur 10 [--sans-preparation] [--plans]

Prépare la base comme bench/pages.py (vidée, démo, `generer_volume --facteur N`, VACUUM
ANALYZE), demande chaque page comme un visiteur anonyme en capturant ses requêtes SQL (celles
des vraies vues), puis passe chacune à `EXPLAIN (ANALYZE, BUFFERS)`. Signale tout « Seq Scan »
sur une grande table ; `--plans` imprime aussi chaque plan en entier.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (bench/pages.py : configuration et préparation communes)

GRANDES_TABLES = {
    "dispositifs_dispositif",
    "dispositifs_dispositif_situations",
    "dispositifs_dispositif_thematiques",
    "dispositifs_dispositif_quartiers",
    "dispositifs_dispositif_partenaires",
    "dispositifs_actioneducative_quartiers",
    "dispositifs_articulation",
    "indicateurs_mesure",
    "seances_seance",
    "seances_seance_dispositifs",
    "seances_seance_fiches",
    "seances_participation",
    "seances_suite",
}
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
PAS_UNE_LECTURE = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET)\b", re.I)


def scenarios():
    """(nom, URL) : chaque filtre et chaque tri de l'annuaire, de la liste des séances, et les
    pages qui lisent les mesures par indicateur, quartier et dispositif."""
    from contrat_ville.models import Quartier, Structure
    from dispositifs.models import Dispositif, Situation, Thematique
    from indicateurs.models import Indicateur

    quartier = Quartier.objects.filter(slug__startswith="vol-").order_by("pk").first()
    porteur = Structure.objects.filter(dispositifs_portes__isnull=False).order_by("pk").first()
    situation = Situation.objects.order_by("pk").first()
    thematique = Thematique.objects.order_by("pk").first()
    dispositif = Dispositif.objects.publies().filter(mesures__isnull=False).order_by("pk").first()
    indicateur = Indicateur.objects.publies().filter(calcul="saisi").order_by("pk").first()
    return [
        ("annuaire", "/dispositifs/"),
        ("annuaire, page 5", "/dispositifs/?page=5"),
        ("annuaire, catégorie", "/dispositifs/?categorie=programme"),
        ("annuaire, porteur", f"/dispositifs/?porteur={porteur.slug}"),
        ("annuaire, mobilisable par", "/dispositifs/?mobilisable_par=jeunes"),
        ("annuaire, âge", "/dispositifs/?age=17"),
        ("annuaire, quartier", f"/dispositifs/?quartier={quartier.slug}"),
        ("annuaire, situation", f"/dispositifs/?situation={situation.code}"),
        ("annuaire, thématique", f"/dispositifs/?thematique={thematique.code}"),
        ("annuaire, tri par nom", "/dispositifs/?tri=nom"),
        ("annuaire, tri par mise à jour", "/dispositifs/?tri=maj"),
        ("annuaire, recherche", "/dispositifs/?q=formation"),
        ("séances", "/seances/"),
        ("séances, type", "/seances/?type=comite_operationnel"),
        ("séances, échelle", "/seances/?echelle=quartier"),
        ("séances, quartier", f"/seances/?quartier={quartier.slug}"),
        ("séances, année", "/seances/?annee=2020"),
        ("indicateurs", "/indicateurs/"),
        ("indicateur (mesures par indicateur)", indicateur.get_absolute_url()),
        ("quartier (mesures par quartier)", quartier.get_absolute_url()),
        ("dispositif (mesures par dispositif)", dispositif.get_absolute_url()),
    ]


def requetes_de(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        reponse = client.get(url)
    if reponse.status_code != 200:
        raise SystemExit(f"{url} a répondu {reponse.status_code}")
    return [q["sql"] for q in capture.captured_queries if not PAS_UNE_LECTURE.match(q["sql"])]


def expliquer(sql):
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(ligne for (ligne,) in curseur.fetchall())


def parcours_sequentiels(plan):
    return sorted({table for table in SEQ_SCAN.findall(plan) if table in GRANDES_TABLES})


def duree(plan):
    trouve = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(trouve.group(1)) if trouve else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facteur", type=float, default=10.0)
    parser.add_argument("--sans-preparation", action="store_true")
    parser.add_argument("--plans", action="store_true", help="imprime chaque plan en entier")
    arguments = parser.parse_args()
    pages.configurer()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        raise SystemExit("bench/explain.py lit des plans PostgreSQL : DATABASE_URL=postgres://…")
    settings.CACHE_PAGES_ANONYMES = False  # les vraies requêtes des vues, pas le cache
    if not arguments.sans_preparation:
        pages.preparer(arguments.facteur)
    pages.analyser()

    client = Client()
    alertes = []
    for nom, url in scenarios():
        requetes = requetes_de(client, url)
        print(f"\n== {nom} — {url} ({len(requetes)} requêtes)")
        for rang, sql in enumerate(requetes, start=1):
            plan = expliquer(sql)
            sequentiels = parcours_sequentiels(plan)
            marque = f"  ⚠ Seq Scan : {', '.join(sequentiels)}" if sequentiels else ""
            print(f"  {rang:>2}. {duree(plan):7.2f} ms  {sql[:90]}…{marque}")
            if arguments.plans:
                print("\n".join(f"        {ligne}" for ligne in plan.splitlines()))
            if sequentiels:
                alertes.append((nom, rang, sequentiels, duree(plan)))
    print("\nParcours séquentiels sur les grandes tables :")
    for nom, rang, tables, temps in alertes:
        print(f"  {nom}, requête {rang} ({temps:.2f} ms) : {', '.join(tables)}")
    if not alertes:
        print("  aucun")


if __name__ == "__main__":
    main()
