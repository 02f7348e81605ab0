"""Les requêtes de l'annuaire, des séances et des mesures passent par un index (PostgreSQL).

Les requêtes sont celles des vraies vues (capturées pendant la requête HTTP), sur un volume
réaliste (`generer_volume --facteur 1` : 300 dispositifs, 1 000 séances, 20 000 mesures) et
des statistiques à jour (ANALYZE). Le planificateur n'est pas contraint : s'il préférait un
parcours séquentiel, c'est qu'un index manque ou ne sert pas. bench/explain.py montre les
mêmes plans en détail, à dix fois ce volume.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from contrat_ville.models import Quartier, Structure
from dispositifs.models import Dispositif
from indicateurs.models import Indicateur

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="plans d'exécution PostgreSQL : lancé par la CI sur PostgreSQL "
        "(DATABASE_URL=postgres://…), sans objet sur SQLite",
    ),
]


FACTEUR = 1
MOT = " zygomatique"


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker):
    """Le volume, généré une fois pour le module dans une transaction annulée à la fin (les
    tests du module s'y emboîtent, comme sous setUpTestData)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "generer_volume", facteur=FACTEUR, force=True, verbosity=0, stdout=io.StringIO()
        )
        # Un mot rare, comme la plupart des mots cherchés (le texte généré répète son
        # vocabulaire : chacun de ses mots figure dans des dizaines de dispositifs).
        rares = Dispositif.objects.publies().order_by("pk").values("pk")[:3]
        Dispositif.objects.filter(pk__in=rares).update(document=Concat("document", Value(MOT)))
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")
        yield
        transaction.set_rollback(True)


def plans(client, url, table):
    """Les plans (EXPLAIN) des requêtes de la page qui lisent `table`."""
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200, url
    resultat = []
    for requete in capture.captured_queries:
        sql = requete["sql"]
        if not sql.lstrip("( ").upper().startswith("SELECT") or f'"{table}"' not in sql:
            continue
        with connection.cursor() as curseur:
            curseur.execute(f"EXPLAIN {sql}")
            resultat.append((sql, "\n".join(ligne for (ligne,) in curseur.fetchall())))
    assert resultat, f"aucune requête de {url} ne lit {table}"
    return resultat


def index_de(table):
    with connection.cursor() as curseur:
        curseur.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {nom for (nom,) in curseur.fetchall()}


def passe_par_un_index(plan, table):
    index = index_de(table)
    directs = re.findall(rf"Index (?:Only )?Scan(?: Backward)? using (\w+) on {table}\b", plan)
    bitmaps = re.findall(r"Bitmap Index Scan on (\w+)", plan)
    return any(nom in index for nom in [*directs, *bitmaps])


def assert_indexee(client, url, table, *, choisir=lambda sql: True):
    """La requête de la page choisie par `choisir` lit `table` par un de ses index."""
    candidates = [(sql, plan) for sql, plan in plans(client, url, table) if choisir(sql)]
    assert candidates, f"{url} : aucune requête retenue"
    for sql, plan in candidates:
        assert passe_par_un_index(plan, table), f"{url}\n{sql}\n{plan}"
        assert f"Seq Scan on {table} " not in f"{plan}\n".replace("\n", " "), f"{url}\n{plan}"


def page_de_resultats(sql):
    """La requête d'une page de résultats de l'annuaire (et non des facettes)."""
    return " LIMIT " in sql and sql.lstrip().startswith('SELECT "dispositifs_dispositif"."id"')


@pytest.mark.parametrize(
    "parametres",
    ["", "?tri=nom", "?tri=maj", "?categorie=programme", "?mobilisable_par=jeunes", "?age=17"],
)
def test_la_page_de_l_annuaire_lit_les_dispositifs_par_un_index(volume, client, parametres):
    assert_indexee(
        client, f"/dispositifs/{parametres}", "dispositifs_dispositif", choisir=page_de_resultats
    )


def test_le_filtre_par_porteur_passe_par_l_index_du_porteur(volume, client):
    porteur = Structure.objects.filter(dispositifs_portes__isnull=False).order_by("pk").first()
    assert_indexee(
        client,
        f"/dispositifs/?porteur={porteur.slug}",
        "dispositifs_dispositif",
        choisir=page_de_resultats,
    )


def test_le_filtre_par_quartier_passe_par_un_index(volume, client):
    quartier = Quartier.objects.filter(slug__startswith="vol-").order_by("pk").first()
    assert_indexee(
        client,
        f"/dispositifs/?quartier={quartier.slug}",
        "dispositifs_dispositif",
        choisir=page_de_resultats,
    )


def test_la_recherche_plein_texte_passe_par_l_index_gin(volume, client):
    url = f"/dispositifs/?q={MOT.strip()}"
    assert_indexee(client, url, "dispositifs_dispositif", choisir=page_de_resultats)
    plan = "".join(plan for _, plan in plans(client, url, "dispositifs_dispositif"))
    assert "Bitmap Index Scan on dispositif_vecteur_gin" in plan


@pytest.mark.parametrize(
    "parametres", ["", "?type=comite_operationnel", "?echelle=quartier", "?annee=2020"]
)
def test_la_liste_des_seances_passe_par_un_index(volume, client, parametres):
    assert_indexee(
        client,
        f"/seances/{parametres}",
        "seances_seance",
        choisir=lambda sql: "LIMIT" in sql and "COUNT" not in sql,
    )


def test_les_seances_d_un_quartier_passent_par_son_index(volume, client):
    quartier = Quartier.objects.filter(seances__isnull=False).order_by("pk").first()
    assert_indexee(
        client,
        f"/seances/?quartier={quartier.slug}",
        "seances_seance",
        choisir=lambda sql: "LIMIT" in sql,
    )


def test_les_mesures_d_un_indicateur_passent_par_un_index(volume, client):
    indicateur = Indicateur.objects.visibles().filter(calcul="saisi").order_by("pk").first()
    assert_indexee(client, indicateur.get_absolute_url(), "indicateurs_mesure")


def test_les_dernieres_valeurs_de_la_liste_passent_par_un_index(volume, client):
    assert_indexee(client, "/indicateurs/", "indicateurs_mesure")


def test_les_mesures_d_un_quartier_passent_par_son_index(volume, client):
    quartier = Quartier.objects.filter(mesures__isnull=False).order_by("pk").first()
    assert_indexee(
        client,
        quartier.get_absolute_url(),
        "indicateurs_mesure",
        choisir=lambda sql: sql.lstrip().startswith('SELECT "indicateurs_mesure"'),
    )
