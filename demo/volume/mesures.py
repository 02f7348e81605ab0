"""Les mesures des indicateurs saisis du lot : années × découpages, sans doublon."""

from decimal import Decimal
from itertools import islice

from demo.volume.parametres import ANNEE_MESURE_MINIMALE, ANNEES_MESURES
from demo.volume.vocabulaire import MOTS
from indicateurs.models import Indicateur, Mesure

INDICATEURS = MOTS["indicateurs"]


def mesures(gen):
    """Mesures réparties sur indicateurs saisis × années × (global, quartier, dispositif,
    quartier et dispositif), sans jamais deux fois la même combinaison : c'est ce qu'imposent
    les index uniques partiels de Mesure."""
    saisis = gen.saisis
    nb_q, nb_d = len(gen.quartiers), len(gen.dispositifs)
    voulu = gen.effectifs["mesures"]
    # Les petits facteurs n'ont pas assez de combinaisons sur dix ans : on remonte le temps.
    par_annee = len(saisis) * (1 + nb_q) * (1 + nb_d)
    nb_annees = max(ANNEES_MESURES[1] - ANNEES_MESURES[0] + 1, -(-voulu // par_annee))
    nb_annees = min(nb_annees, ANNEES_MESURES[1] - ANNEE_MESURE_MINIMALE + 1)
    annees = list(range(ANNEES_MESURES[1] - nb_annees + 1, ANNEES_MESURES[1] + 1))
    # (nom, dimensions) ; chaque couche est un produit cartésien numéroté.
    couches = [
        ("globale", (len(saisis), nb_annees)),
        ("quartier", (len(saisis), nb_annees, nb_q)),
        ("dispositif", (len(saisis), nb_annees, nb_d)),
        ("croisée", (len(saisis), nb_annees, nb_q, nb_d)),
    ]
    tailles = [_produit(dims) for _, dims in couches]
    parts = _parts(voulu, tailles, poids=[None, 50, 40, 10])
    a_inserer = (
        _mesure(gen, annees, nom, _decomposer(indice, dims))
        for (nom, dims), taille, part in zip(couches, tailles, parts, strict=True)
        for indice in gen.echantillon(taille, part, "mesures")
    )
    # Par paquets, pour ne pas garder en mémoire 200 000 objets au facteur 10.
    for paquet in _par_paquets(a_inserer, gen.taille_lot * 5):
        gen.inserer(Mesure, paquet)


def _parts(voulu, tailles, poids):
    """Répartit `voulu` entre les couches : la globale d'abord et en entier, puis le reste
    au prorata des poids, le trop-plein d'une couche pleine allant aux suivantes."""
    if voulu > sum(tailles):
        return [voulu] + [0] * (len(tailles) - 1)  # echantillon lèvera VolumeImpossible
    parts = [min(voulu, tailles[0])] + [0] * (len(tailles) - 1)
    reste = voulu - parts[0]
    ouvertes = [i for i in range(1, len(tailles)) if tailles[i] > 0]
    while reste and ouvertes:
        total, base = sum(poids[i] for i in ouvertes), reste
        for i in list(ouvertes):
            ajout = min(tailles[i] - parts[i], max(1, base * poids[i] // total), reste)
            parts[i] += ajout
            reste -= ajout
            if parts[i] == tailles[i]:
                ouvertes.remove(i)
            if not reste:
                break
    return parts


def _mesure(gen, annees, couche, coordonnees):
    rng = gen.rng
    indicateur, type_valeur, reference = gen.saisis[coordonnees[0]]
    annee = annees[coordonnees[1]]
    quartier = dispositif = None
    if couche == "quartier":
        quartier = gen.quartiers[coordonnees[2]]
    elif couche == "dispositif":
        dispositif = gen.dispositifs[coordonnees[2]]
    elif couche == "croisée":
        quartier = gen.quartiers[coordonnees[2]]
        dispositif = gen.dispositifs[coordonnees[3]]
    valeur, texte = None, ""
    if type_valeur == Indicateur.TypeValeur.NOMBRE:
        echelle = 1 if couche == "globale" else (8 if couche == "croisée" else 3)
        tendance = 1 + 0.04 * (annee - ANNEES_MESURES[0])
        valeur = Decimal(max(0, round(reference * tendance / echelle * rng.uniform(0.1, 1.3))))
    elif type_valeur == Indicateur.TypeValeur.POURCENTAGE:
        valeur = Decimal(f"{min(100.0, reference * rng.uniform(0.5, 1.6)):.1f}")
    elif type_valeur == Indicateur.TypeValeur.OUI_NON:
        oui = rng.random() < 0.8
        valeur, texte = Decimal(int(oui)), "oui" if oui else "non"
    else:
        texte = rng.choice(INDICATEURS["freins"])
    return Mesure(
        indicateur=indicateur,
        periode=annee,
        quartier=quartier,
        dispositif=dispositif,
        valeur=valeur,
        valeur_texte=texte,
        source=indicateur.source,
        commentaire=rng.choice(INDICATEURS["commentaires_mesure"]) if rng.random() < 0.1 else "",
        est_exemple=True,
    )


def _produit(dimensions):
    total = 1
    for dimension in dimensions:
        total *= dimension
    return total


def _decomposer(indice, dimensions):
    """Indice d'un produit cartésien → coordonnées (numérotation mixte, dernière dimension la
    plus rapide)."""
    coordonnees = []
    for dimension in reversed(dimensions):
        indice, reste = divmod(indice, dimension)
        coordonnees.append(reste)
    return coordonnees[::-1]


def _par_paquets(iterable, taille):
    iterateur = iter(iterable)
    while paquet := list(islice(iterateur, taille)):
        yield paquet
