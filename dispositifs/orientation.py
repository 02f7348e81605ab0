"""« Quelle solution pour ce jeune ? » : des critères aux dispositifs, avec les raisons.

Les règles ne connaissent que les données d'éligibilité des dispositifs (âges, situations,
quartiers couverts, réservé aux QPV, condition de diplôme, mois d'ouverture) : aucun dispositif
n'a de code qui lui soit propre.
"""

from dataclasses import dataclass, field

from contrat_ville import francais
from dispositifs.models import Dispositif, Echelle

DIPLOMES_SANS_QUALIFICATION = {"aucun", "brevet_cfg"}


@dataclass
class Suggestion:
    dispositif: Dispositif
    raisons: list = field(default_factory=list)
    reserves: list = field(default_factory=list)
    score: int = 0


def ouvert_en(dispositif, mois):
    debut, fin = dispositif.mois_debut, dispositif.mois_fin
    if debut is None or fin is None:
        return True
    if debut <= fin:
        return debut <= mois <= fin
    return mois >= debut or mois <= fin  # période à cheval sur deux années


def evaluer(dispositif, *, age, situation, quartier, diplome, mois):
    """La suggestion si le dispositif convient, None sinon."""
    suggestion = Suggestion(dispositif)
    if dispositif.age_min is None and dispositif.age_max is None:
        suggestion.raisons.append(f"{age} ans")
    else:
        suggestion.raisons.append(f"{age} ans (dispositif {dispositif.tranche_age})")
        etendue = (dispositif.age_max or 30) - (dispositif.age_min or 0)
        suggestion.score += max(0, 15 - etendue)
    suggestion.raisons.append(situation.libelle)
    suggestion.score += 10 if len(dispositif.situations.all()) <= 2 else 5

    if dispositif.echelle == Echelle.QUARTIERS:
        if quartier is None:
            noms = ", ".join(q.nom for q in dispositif.quartiers.all())
            suggestion.reserves.append(f"seulement dans certains quartiers : {noms}")
        else:
            suggestion.raisons.append(f"présent dans le quartier {quartier.nom}")
            suggestion.score += 5

    if dispositif.reserve_qpv:
        if quartier is None:
            suggestion.reserves.append("à condition d'habiter un quartier prioritaire")
        elif not quartier.est_prioritaire_le():
            return None
        else:
            suggestion.raisons.append(f"habite un quartier prioritaire ({quartier.nom})")
            suggestion.score += 3

    if dispositif.diplome == Dispositif.Diplome.SANS_DIPLOME:
        if diplome == "cap_bep":
            return None
        if diplome in DIPLOMES_SANS_QUALIFICATION:
            suggestion.raisons.append("sans diplôme qualifiant")
        else:
            suggestion.reserves.append("à condition de ne pas avoir de diplôme qualifiant")

    if dispositif.mois_debut is not None and dispositif.mois_fin is not None:
        if not ouvert_en(dispositif, mois):
            return None
        periode = dispositif.periode_ouverture
        suggestion.raisons.append(f"ouvert en {francais.mois(mois)} ({periode})")
        suggestion.score += 10
    return suggestion


def orienter(*, age, situation, quartier=None, diplome="", mois):
    """Les dispositifs publiés qui conviennent, du plus ciblé au plus général."""
    candidats = (
        Dispositif.objects.publies().pour_orientation().pour_age(age).filter(situations=situation)
    )
    if quartier is not None:
        candidats = candidats.dans_quartier(quartier)
    suggestions = [
        s
        for s in (
            evaluer(d, age=age, situation=situation, quartier=quartier, diplome=diplome, mois=mois)
            for d in candidats
        )
        if s is not None
    ]
    return sorted(suggestions, key=lambda s: (-s.score, s.dispositif.nom))
