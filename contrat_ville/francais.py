"""Le français du portail : nombres, dates, mois, pluriels, accents. Une règle par chose, ici
seulement ; toutes les applications l'importent (d'où sa place dans le cœur, qui n'importe que
la bibliothèque standard et Django).

- `nombre(1234.5)` → « 1 234,5 » : virgule décimale, espace fine insécable (U+202F) entre les
  milliers, sans zéro inutile ; `pourcentage(12.5)` → « 12,5 % » ;
- `nombre_saisi(1234.25)` → « 1234,25 » : le nombre tel qu'on le tape dans un tableur
  français, sans séparateur des milliers (l'export des mesures l'écrit, l'import le relit) ;
- `date(jour)` → « 1er décembre 2026 », « 2 décembre 2026 » ; `mois(12)` → « décembre » ;
- `heure(time(13, 30))` → « 13 h 30 » ; `horaires(…)` → « du lundi au vendredi, 13 h 30 –
  18 h 30, sans rendez-vous » ;
- `pluriel(2, "séance")` → « 2 séances » : 0 et 1 sont au singulier ;
- `replier("École")` → « ecole » pour chercher et comparer ; `cle_alphabetique` pour trier
  (« École » avec les E, pas après « Z »).

Les formats de Django (`intcomma`, `localize`) prennent la même espace fine, par le module de
formats du projet (`contrat_ville/formats/fr/formats.py`).
"""

import datetime
import unicodedata
from decimal import Decimal

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.numberformat import format as _format

ESPACE_FINE = "\u202f"  # séparateur des milliers, et avant « % »
VIRGULE = ","


# --- Nombres -----------------------------------------------------------------------------------


def _decimal(valeur):
    """La valeur en Decimal, sans zéro inutile après la virgule (« 12,50 » → « 12,5 »)."""
    valeur = valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
    valeur = valeur.normalize()  # 10,00 devient 1E+1, que `format` écrit « 10 »
    return valeur if valeur else Decimal(0)  # jamais « -0 »


def nombre(valeur, *, decimales=None):
    """« 1 234 », « -1 234,5 », « 12,5 », « 10 » ; avec `decimales`, toujours ce nombre de
    chiffres après la virgule (« 0,250 » pour une durée mesurée)."""
    valeur = _decimal(valeur) if decimales is None else Decimal(str(valeur))
    return str(
        _format(
            valeur,
            VIRGULE,
            decimal_pos=decimales,
            grouping=3,
            thousand_sep=ESPACE_FINE,
            force_grouping=True,
        )
    )


def pourcentage(valeur):
    """« 12,5 % », avec une espace fine insécable avant « % »."""
    return f"{nombre(valeur)}{ESPACE_FINE}%"


def nombre_saisi(valeur):
    """« 1234,25 », « -3 » : sans séparateur des milliers, qu'un tableur français lit comme un
    nombre et que l'import des mesures relit."""
    return str(_format(_decimal(valeur), VIRGULE))


# --- Dates --------------------------------------------------------------------------------------


def mois(numero):
    """« janvier » pour 1, … « décembre » pour 12 (noms de Django, en minuscules)."""
    return str(MONTHS[numero]).lower()


def choix_des_mois():
    """[(1, « janvier »), … (12, « décembre »)] : les choix d'un champ de formulaire."""
    return [(numero, mois(numero)) for numero in MONTHS]


def date(jour, *, annee=True, jour_de_la_semaine=False):
    """« 1er décembre 2026 », « 2 décembre 2026 » ; sans l'année : « 1er décembre » ; avec le
    jour de la semaine : « mardi 1er décembre 2026 ». Une date et heure se lit à l'heure de
    Paris (le fuseau du projet)."""
    if isinstance(jour, datetime.datetime) and timezone.is_aware(jour):
        jour = timezone.localtime(jour)
    texte = f"{'1er' if jour.day == 1 else jour.day} {mois(jour.month)}"
    if annee:
        texte = f"{texte} {jour.year}"
    if jour_de_la_semaine:
        texte = f"{str(WEEKDAYS[jour.weekday()]).lower()} {texte}"
    return texte


JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def heure(moment):
    """« 9 h », « 13 h 30 », avec des espaces insécables : une heure ne se coupe pas en fin de
    ligne."""
    if moment.minute:
        return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"
    return f"{moment.hour}\u00a0h"


def _rendez_vous(sur_rendez_vous):
    return "sur rendez-vous" if sur_rendez_vous else "sans rendez-vous"


def plage_horaire(jour, ouverture, fermeture, sur_rendez_vous):
    """« lundi, 9 h – 12 h, sur rendez-vous »."""
    return f"{jour}, {heure(ouverture)} – {heure(fermeture)}, {_rendez_vous(sur_rendez_vous)}"


def _jours(premier, dernier):
    nom = JOURS[premier - 1], JOURS[dernier - 1]
    if premier == dernier:
        return f"le {nom[0]}"
    if dernier == premier + 1:
        return f"le {nom[0]} et le {nom[1]}"
    return f"du {nom[0]} au {nom[1]}"


def horaires(plages):
    """Les horaires d'un lieu en phrases, les jours consécutifs aux mêmes plages regroupés.

    `plages` : des (jour de 1 = lundi à 7, ouverture, fermeture, sur rendez-vous) ; rend
    [« du lundi au vendredi, 13 h 30 – 18 h 30, sans rendez-vous », « le samedi, 9 h – 12 h,
    sur rendez-vous »].
    """
    par_jour = {}
    for plage in sorted(plages, key=lambda p: (p[0], p[1])):
        par_jour.setdefault(plage[0], []).append(plage[1:])
    groupes = []  # [premier jour, dernier jour, plages du jour]
    for jour, du_jour in par_jour.items():
        if groupes and groupes[-1][1] == jour - 1 and groupes[-1][2] == du_jour:
            groupes[-1][1] = jour
        else:
            groupes.append([jour, jour, du_jour])
    phrases = []
    for premier, dernier, du_jour in groupes:
        heures = [f"{heure(debut)} – {heure(fin)}" for debut, fin, _ in du_jour]
        rendez_vous = {rdv for _, _, rdv in du_jour}
        if len(rendez_vous) == 1:
            texte = f"{' et '.join(heures)}, {_rendez_vous(rendez_vous.pop())}"
        else:
            texte = " ; ".join(
                f"{h} {_rendez_vous(rdv)}" for h, (_, _, rdv) in zip(heures, du_jour, strict=True)
            )
        phrases.append(f"{_jours(premier, dernier)}, {texte}")
    return phrases


# --- Pluriels -----------------------------------------------------------------------------------


def est_pluriel(compte):
    """En français, 0 et 1 (et tout nombre de moins de 2) sont au singulier."""
    return abs(compte) >= 2


def pluriel(compte, singulier, pluriel=None):
    """« 0 dispositif », « 1 séance », « 2 séances », « 1 234 mises à jour » : le nombre, puis le
    mot accordé (`pluriel` quand il ne s'écrit pas avec un « s » de plus)."""
    mot = (pluriel or f"{singulier}s") if est_pluriel(compte) else singulier
    return f"{nombre(compte)} {mot}"


def minuscule_initiale(texte):
    """« Aucun diplôme » → « aucun diplôme », pour le citer dans une phrase ; un sigle
    (« CAP ou BEP ») garde ses capitales."""
    if len(texte) > 1 and texte[1].isupper():
        return texte
    return texte[:1].lower() + texte[1:]


def enumeration(elements, conjonction="et"):
    """« a », « a et b », « a, b et c » (ou « a, b ou c »)."""
    elements = list(elements)
    if len(elements) < 2:
        return "".join(elements)
    return f"{', '.join(elements[:-1])} {conjonction} {elements[-1]}"


# --- Accents, casse et ordre alphabétique ---------------------------------------------------


def replier(texte):
    """« Élève ÉCOLE » → « eleve ecole » : sans accents (décomposition NFKD, marques
    combinantes retirées) ni casse (`casefold`)."""
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).casefold()


def cle_alphabetique(texte):
    """Clé de tri dans l'ordre alphabétique français : « École » se range avec les E, pas après
    « Z » ; à égalité sans accents, l'ordre reste fixe (sans accent d'abord)."""
    return replier(texte), texte
