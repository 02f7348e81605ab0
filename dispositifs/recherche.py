"""Recherche plein texte en français, insensible aux accents et à la casse.

PostgreSQL : `to_tsvector('french', document)` sur un texte sans accents, stocké dans la
colonne `vecteur` par un déclencheur et servi par un index GIN (migration 0006) ; la
racinisation est celle de la configuration « french » (Snowball).
SQLite : le même algorithme Snowball, appliqué en Python, remplit la colonne `racines`, où la
requête cherche chaque racine. Les deux moteurs trouvent donc les mêmes dispositifs pour les
accents, la casse et le pluriel.
"""

import functools
import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Value, When

from contrat_ville.francais import replier

# Mots vides de la configuration « french » de PostgreSQL (liste Snowball), sans ceux qui
# portent un accent : le document étant désaccentué, PostgreSQL indexe « ete » ; on garde donc
# ce mot côté SQLite aussi, pour que les deux moteurs restent d'accord.
MOTS_VIDES = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
    une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez
    seront serais serait serions seriez seraient fus fut furent sois soit soyons soyez soient
    fusse fusses fussions fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras
    aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
    avaient eut eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent ceci
    cela cet cette ici ils les leurs quel quels quelle quelles sans soi""".split()
)
LONGUEUR_MAX_REQUETE = 200

_stemmer = snowballstemmer.stemmer("french")


def normaliser(texte):
    """« Décrochage SCOLAIRE, l’école » → « decrochage scolaire l ecole » : replié (sans accents
    ni casse), puis découpé en mots."""
    return " ".join(re.findall(r"[a-z0-9]+", replier(texte or "")))


def mots(texte):
    return [mot for mot in normaliser(texte).split() if mot not in MOTS_VIDES]


@functools.lru_cache(maxsize=100_000)
def racine(mot):
    # Le vocabulaire est petit et le Snowball en Python lent (~0,1 ms le mot) : on mémorise.
    return _stemmer.stemWord(mot)


def racines(texte):
    return [racine(mot) for mot in mots(texte)]


def document(*morceaux):
    """Le texte indexé par PostgreSQL : tous les champs utiles, désaccentués."""
    return normaliser(" ".join(m for m in morceaux if m))


def document_racines(nom, *morceaux):
    """La colonne lue par SQLite et pour la pertinence : racines encadrées d'espaces ; celles
    du nom figurent aussi préfixées de « ^ », pour classer d'abord les dispositifs dont le nom
    contient les mots cherchés (« ^rentre assur rentre … »)."""
    du_nom = dict.fromkeys(f"^{r}" for r in racines(nom))
    toutes = dict.fromkeys(racines(" ".join(m for m in (nom, *morceaux) if m)))
    mots_indexes = [*du_nom, *toutes]
    return f" {' '.join(mots_indexes)} " if mots_indexes else ""


def termes_de_recherche(requete):
    return mots((requete or "")[:LONGUEUR_MAX_REQUETE])


def filtrer(queryset, requete):
    """Les lignes de `queryset` (colonnes `vecteur` et `racines`) qui contiennent tous les mots
    cherchés. Une requête vide ou faite de mots vides ne filtre rien."""
    termes = termes_de_recherche(requete)
    if not termes:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(termes), config="french", search_type="plain")
        return queryset.filter(vecteur=query)
    for cherchee in dict.fromkeys(racine(terme) for terme in termes):
        queryset = queryset.filter(racines__contains=f" {cherchee} ")
    return queryset


def rechercher(queryset, requete):
    """`filtrer`, puis `annoter_pertinence`."""
    return annoter_pertinence(filtrer(queryset, requete), requete)


def annoter_pertinence(queryset, requete):
    """Annote `pertinence` : le nombre de mots cherchés présents dans le nom, calculée de la
    même façon sur les deux moteurs pour que l'ordre soit le même."""
    termes = termes_de_recherche(requete)
    if not termes:
        return queryset.annotate(pertinence=Value(0))
    racines_cherchees = list(dict.fromkeys(racine(terme) for terme in termes))
    pertinence = sum(
        (
            Case(When(racines__contains=f" ^{r} ", then=Value(1)), default=Value(0))
            for r in racines_cherchees
        ),
        start=Value(0),
    )
    return queryset.annotate(pertinence=ExpressionWrapper(pertinence, IntegerField()))
