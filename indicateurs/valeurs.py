"""Ce que vaut une mesure d'indicateur : ce qu'on tape pour la saisir, sa forme tapée (celle de
la grille et de l'export, que l'import relit), et ce que le public en lit.

Une valeur se tape comme dans un tableur français : « 12,5 », « 1 234 », « 45 % », « oui ».
Un nombre est rangé dans `Mesure.valeur` (deux chiffres après la virgule au plus), un texte dans
`Mesure.valeur_texte` ; « oui » et « non » sont rangés 1 et 0.
"""

import re
from decimal import Decimal, InvalidOperation

from contrat_ville import francais
from indicateurs.models import Indicateur, Mesure

TypeValeur = Indicateur.TypeValeur

TYPES_NUMERIQUES = {TypeValeur.NOMBRE, TypeValeur.POURCENTAGE}
ANNEE_MIN, ANNEE_MAX = 2000, 2100  # celles du modèle Mesure
LONGUEUR_TEXTE = Mesure._meta.get_field("valeur_texte").max_length
LONGUEUR_SOURCE = Mesure._meta.get_field("source").max_length
PLUS_GRAND = Decimal(10) ** 12  # 14 chiffres dont 2 après la virgule

NOMBRE = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ESPACES = re.compile(r"[\s\u00a0\u202f]")
OUI = {"oui", "o", "1", "vrai"}
NON = {"non", "n", "0", "faux"}
NON_RENSEIGNE = "non renseigné"


class ValeurInvalide(ValueError):
    """Une valeur tapée que l'indicateur ne peut pas recevoir ; le message est en français,
    sans majuscule initiale (il suit « ligne 4 : » dans le rapport d'import)."""


# --- Du texte tapé à la mesure, et retour ----------------------------------------------------


def lire_valeur(indicateur, texte):
    """(valeur, valeur_texte) d'une mesure de `indicateur` d'après `texte` (non vide)."""
    texte = texte.strip()
    if indicateur.type_valeur == TypeValeur.TEXTE:
        if CONTROLES.search(texte):
            raise ValeurInvalide("caractères de contrôle non acceptés")
        if len(texte) > LONGUEUR_TEXTE:
            raise ValeurInvalide(f"texte trop long ({LONGUEUR_TEXTE} caractères au plus)")
        return None, texte
    if indicateur.type_valeur == TypeValeur.OUI_NON:
        reponse = texte.casefold()
        if reponse in OUI | NON:
            return Decimal(reponse in OUI), ""
        raise ValeurInvalide("valeur attendue : « oui » ou « non »")
    return _lire_nombre(indicateur, texte), ""


def _lire_nombre(indicateur, texte):
    chiffres = ESPACES.sub("", texte)
    if indicateur.type_valeur == TypeValeur.POURCENTAGE:
        chiffres = chiffres.removesuffix("%")
    if not NOMBRE.fullmatch(chiffres):
        raise ValeurInvalide("valeur non numérique (un nombre est attendu, par exemple 12,5)")
    try:
        nombre = Decimal(chiffres.replace(",", "."))
    except InvalidOperation as erreur:  # pragma: no cover - l'expression l'a déjà vérifié
        raise ValeurInvalide("valeur non numérique") from erreur
    if nombre.as_tuple().exponent < -2:
        raise ValeurInvalide("deux chiffres après la virgule au plus")
    if abs(nombre) >= PLUS_GRAND:
        raise ValeurInvalide("valeur trop grande")
    if nombre < 0 and indicateur.type_valeur == TypeValeur.NOMBRE:
        raise ValeurInvalide("un effectif ne peut pas être négatif")
    return nombre


def texte_de_mesure(indicateur, mesure):
    """La valeur d'une mesure telle qu'on la tape (et telle que l'export l'écrit) ; vide sans
    mesure."""
    if mesure is None:
        return ""
    if mesure.valeur is None:
        return mesure.valeur_texte
    if indicateur.type_valeur == TypeValeur.OUI_NON:
        return oui_non(mesure.valeur)
    return francais.nombre_saisi(mesure.valeur)


def ecrire_valeur(mesure, valeur, valeur_texte, *, source=""):
    """Pose une nouvelle valeur saisie : ce n'est plus une donnée d'exemple."""
    mesure.valeur, mesure.valeur_texte = valeur, valeur_texte
    mesure.est_exemple = False
    if source:
        mesure.source = source


# --- Ce que le public lit ----------------------------------------------------------------------


def oui_non(valeur, texte=""):
    """« oui » ou « non » ; sans valeur, le texte saisi (« Oui » se lit « oui »)."""
    if valeur is not None:
        return "oui" if valeur else "non"
    return texte.strip().lower() if texte.strip().lower() in {"oui", "non"} else texte


def affichage(type_valeur, valeur, texte="", *, masque=False, seuil=0):
    """Une valeur telle que le public la lit, sur la page comme en CSV : « 1 234 », « 42,5 % »,
    « oui », le texte saisi, « moins de 5 » pour un petit effectif masqué, « non renseigné »."""
    if masque:
        return f"moins de {seuil}"
    if type_valeur == TypeValeur.OUI_NON:
        return oui_non(valeur, texte) or NON_RENSEIGNE
    if type_valeur == TypeValeur.TEXTE or valeur is None:
        return texte or (francais.nombre(valeur) if valeur is not None else NON_RENSEIGNE)
    if type_valeur == TypeValeur.POURCENTAGE:
        return francais.pourcentage(valeur)
    return francais.nombre(valeur)
