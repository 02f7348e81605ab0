"""La géométrie du diagramme en barres d'une série (SVG, `includes/_graphique.html`) : une
barre par année, des graduations « rondes », les libellés en français. Un petit effectif masqué
est une barre en pointillé à hauteur du seuil, marquée « < 5 », jamais une barre exacte.

Le gabarit n'a qu'à placer ce qui est calculé ici ; le même partiel sert la page et le PDF.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from contrat_ville import francais
from indicateurs.models import Indicateur


@dataclass(frozen=True)
class Barre:
    x: float
    y: float
    largeur: float
    hauteur: float
    x_centre: float
    y_valeur: float
    annee: str  # vide quand l'étiquette est sautée faute de place
    valeur: str  # vide quand les barres sont trop étroites pour l'écrire
    masque: bool


@dataclass(frozen=True)
class Graduation:
    y: float
    libelle: str


@dataclass(frozen=True)
class Graphique:
    largeur: int
    hauteur: int
    gauche: float
    droite: float
    haut: float
    bas: float
    x_graduations: float
    y_annees: float
    barres: list[Barre]
    graduations: list[Graduation]
    titre: str
    description: str
    seuil: int  # 0 quand aucun petit effectif n'est masqué


def _pas_de_graduation(maximum, graduations=4):
    """Un pas « rond » (1, 2, 2,5 ou 5 × 10ⁿ) pour environ `graduations` lignes."""
    brut = maximum / graduations
    puissance = 10 ** math.floor(math.log10(brut))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * puissance >= brut:
            return multiple * puissance
    return 10 * puissance  # pragma: no cover - inatteignable, 10 × puissance ≥ brut


def graphique_en_barres(points, *, titre, unite="", largeur=480, hauteur=240):
    """Calcule le diagramme en barres d'une série : une barre par année ; un petit effectif est
    une barre en pointillé à hauteur du seuil, marquée « < 5 », jamais une barre exacte."""
    points = [p for p in points if p.est_tracable or p.masque]
    seuil = max((p.seuil for p in points if p.masque), default=0)
    en_pourcentage = any(p.type_valeur == Indicateur.TypeValeur.POURCENTAGE for p in points)
    maximum = max([float(p.valeur) for p in points if p.valeur is not None] + [seuil, 0])
    pas = _pas_de_graduation(maximum) if maximum > 0 else 1
    sommet = pas * max(1, math.ceil(maximum / pas))

    def libelle(valeur):
        valeur = Decimal(str(round(valeur, 6)))  # 3 × 0,1 ne doit pas s'écrire 0,30000000000000004
        return francais.pourcentage(valeur) if en_pourcentage else francais.nombre(valeur)

    niveaux = [rang * pas for rang in range(round(sommet / pas) + 1)]
    libelles = [libelle(niveau) for niveau in niveaux]
    # La marge de gauche s'élargit avec le plus long libellé (~7 unités par caractère).
    gauche = float(max(36, 12 + 7 * max(len(texte) for texte in libelles)))
    droite, haut, bas = largeur - 8.0, 20.0, hauteur - 28.0

    def y_de(valeur):
        return round(bas - (bas - haut) * float(valeur) / sommet, 1)

    graduations = [
        Graduation(y=y_de(niveau), libelle=texte)
        for niveau, texte in zip(niveaux, libelles, strict=True)
    ]

    bande = (droite - gauche) / len(points)
    saut_annees = max(1, math.ceil(36 / bande))  # une année s'écrit sur ~32 unités
    ecrire_valeurs = bande >= 34
    barres = []
    for rang, p in enumerate(points):
        hauteur_valeur = seuil if p.masque else p.valeur
        y = y_de(hauteur_valeur)
        largeur_barre = round(bande * 0.6, 1)
        x = round(gauche + rang * bande + (bande - largeur_barre) / 2, 1)
        barres.append(
            Barre(
                x=x,
                y=y,
                largeur=largeur_barre,
                hauteur=round(bas - y, 1),
                x_centre=round(x + largeur_barre / 2, 1),
                y_valeur=round(y - 5, 1),
                annee=str(p.annee) if rang % saut_annees == 0 else "",
                valeur=(f"< {p.seuil}" if p.masque else p.affichage) if ecrire_valeurs else "",
                masque=p.masque,
            )
        )
    valeurs = " ; ".join(
        f"{p.annee} : {p.affichage}{' ' + unite if unite and not en_pourcentage else ''}"
        for p in points
    )
    return Graphique(
        largeur=largeur,
        hauteur=hauteur,
        gauche=gauche,
        droite=droite,
        haut=haut,
        bas=bas,
        x_graduations=gauche - 6,
        y_annees=bas + 18,
        barres=barres,
        graduations=graduations,
        titre=titre,
        description=f"Diagramme en barres, une barre par année. {valeurs}.",
        seuil=seuil,
    )
