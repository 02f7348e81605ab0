"""« Quelle solution pour ce jeune ? » : des critères aux dispositifs, avec les raisons.

Les règles ne connaissent que les données d'éligibilité des dispositifs (âges et âge maximum
avec une reconnaissance de handicap, situations servies et exclues, diplômes acceptés, quartiers
couverts, réservé aux QPV, mois d'ouverture) et leurs portes d'entrée : aucun dispositif n'a de
code qui lui soit propre. L'éligibilité est un filtre dur ; le classement vient ensuite : les
portes d'entrée des situations du jeune (par rang), puis le nombre de ses situations que le
dispositif sert, puis le nom.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from contrat_ville import francais
from dispositifs.models import Dispositif, Echelle, PorteDEntree, Situation

# L'instruction est obligatoire jusqu'à 16 ans (code de l'éducation, L131-1) : un jeune plus
# jeune qui n'est pas scolarisé relève de cette situation du référentiel, dont les portes
# d'entrée disent qui contacter d'abord (l'établissement).
AGE_FIN_INSTRUCTION_OBLIGATOIRE = 16
SITUATION_INSTRUCTION_OBLIGATOIRE = "moins-16-ans-non-scolarise"


@dataclass
class Suggestion:
    dispositif: Dispositif
    raisons: list = field(default_factory=list)
    reserves: list = field(default_factory=list)
    porte: PorteDEntree | None = None  # la porte d'entrée d'une situation du jeune, s'il en est
    situations_servies: int = 0
    lieux: list = field(default_factory=list)  # où s'adresser ([] : coordonnées à compléter)

    @property
    def cle(self):
        rang = self.porte.rang if self.porte else None
        return (rang is None, rang or 0, -self.situations_servies, self.dispositif.nom)


@dataclass
class Orientation:
    suggestions: list
    instruction_obligatoire: bool = False

    @property
    def commencez_par(self):
        """La première porte d'entrée parmi les suggestions, ou None."""
        premiere = self.suggestions[0] if self.suggestions else None
        return premiere if premiere and premiere.porte else None


def ouvert_en(dispositif, mois):
    debut, fin = dispositif.mois_debut, dispositif.mois_fin
    if debut is None or fin is None:
        return True
    if debut <= fin:
        return debut <= mois <= fin
    return mois >= debut or mois <= fin  # période à cheval sur deux années


def _raison_d_age(dispositif, age, handicap):
    if dispositif.age_min is None and dispositif.age_max is None:
        return f"{age} ans"
    if dispositif.age_max is not None and age > dispositif.age_max:
        return (
            f"{age} ans (dispositif {dispositif.tranche_age}, jusqu'à "
            f"{dispositif.age_max_handicap} ans avec une reconnaissance de handicap)"
        )
    return f"{age} ans (dispositif {dispositif.tranche_age})"


def evaluer(dispositif, *, age, situations, quartier, diplome, handicap, mois):
    """La suggestion si le dispositif convient, None sinon. `situations` : celles du jeune ;
    `diplome` : un code du référentiel des diplômes, ou vide s'il n'est pas connu."""
    age_max = dispositif.age_max_pour(handicap=handicap)
    if (dispositif.age_min is not None and age < dispositif.age_min) or (
        age_max is not None and age > age_max
    ):
        return None
    codes = {situation.code for situation in situations}
    servies = [s for s in dispositif.situations.all() if s.code in codes]
    if not servies or any(s.code in codes for s in dispositif.situations_exclues.all()):
        return None
    if not ouvert_en(dispositif, mois):
        return None

    suggestion = Suggestion(dispositif, situations_servies=len(servies))
    suggestion.raisons.append(_raison_d_age(dispositif, age, handicap))
    suggestion.raisons += [situation.libelle for situation in servies]
    portes = [p for p in dispositif.portes_entree.all() if p.situation.code in codes]
    suggestion.porte = min(portes, key=lambda p: (p.rang, p.situation.ordre), default=None)

    if dispositif.echelle == Echelle.QUARTIERS:
        couverts = list(dispositif.quartiers.all())
        if quartier is None:
            noms = ", ".join(q.nom for q in couverts)
            suggestion.reserves.append(f"seulement dans certains quartiers : {noms}")
        elif quartier.pk not in {q.pk for q in couverts}:
            return None
        else:
            suggestion.raisons.append(f"présent dans le quartier {quartier.nom}")

    if dispositif.reserve_qpv:
        if quartier is None:
            suggestion.reserves.append("à condition d'habiter un quartier prioritaire")
        elif not quartier.est_prioritaire_le(timezone.localdate()):
            return None
        else:
            suggestion.raisons.append(f"habite un quartier prioritaire ({quartier.nom})")

    acceptes = list(dispositif.diplomes_acceptes.all())
    if acceptes:
        libelles = francais.enumeration(
            [francais.minuscule_initiale(n.libelle) for n in acceptes], "ou"
        )
        if not diplome:
            suggestion.reserves.append(f"à condition que son plus haut diplôme soit : {libelles}")
        elif diplome not in {n.code for n in acceptes}:
            return None
        else:
            suggestion.raisons.append(f"diplôme accepté ({libelles})")

    if dispositif.mois_debut is not None and dispositif.mois_fin is not None:
        periode = dispositif.periode_ouverture
        suggestion.raisons.append(f"ouvert en {francais.mois(mois)} ({periode})")
    return suggestion


def candidats():
    """Les dispositifs publiés, avec tout ce que leur évaluation lit, en un nombre fixe de
    requêtes."""
    return (
        Dispositif.objects.publies()
        .pour_orientation()
        .prefetch_related(
            "situations_exclues",
            "diplomes_acceptes",
            models.Prefetch(
                "portes_entree", queryset=PorteDEntree.objects.select_related("situation")
            ),
        )
    )


def instruction_obligatoire(*, age, situations, scolarise=""):
    """Moins de 16 ans et non scolarisé (réponse « non » ou situation hors de l'école)."""
    hors_ecole = scolarise == "non" or any(s.scolarise is False for s in situations)
    return age < AGE_FIN_INSTRUCTION_OBLIGATOIRE and hors_ecole


def orienter(
    *, age, situations, quartier=None, scolarise="", diplome="", handicap=False, mois=None
):
    """Les dispositifs publiés qui conviennent, la première porte d'entrée d'abord."""
    mois = mois or timezone.localdate().month
    situations = list(situations)
    obligatoire = instruction_obligatoire(age=age, situations=situations, scolarise=scolarise)
    if obligatoire:
        situations += list(Situation.objects.filter(code=SITUATION_INSTRUCTION_OBLIGATOIRE))
    retenus = candidats().pour_age(age, handicap=handicap).filter(situations__in=situations)
    if quartier is not None:
        retenus = retenus.dans_quartier(quartier)
    criteres = {
        "age": age,
        "situations": situations,
        "quartier": quartier,
        "diplome": diplome,
        "handicap": handicap,
        "mois": mois,
    }
    suggestions = [s for s in (evaluer(d, **criteres) for d in retenus.distinct()) if s is not None]
    for suggestion in suggestions:
        suggestion.lieux = ou_aller(suggestion.dispositif, quartier)
    return Orientation(sorted(suggestions, key=lambda s: s.cle), obligatoire)


def ou_aller(dispositif, quartier):
    """Les lieux où s'adresser pour ce dispositif : ceux qui reçoivent le public du quartier,
    ou sans quartier connu, tous ses lieux d'accueil (lus par `avec_lieux()`, sans requête)."""
    if quartier is not None:
        return dispositif.lieux_pour(quartier)
    return [lieu for lieu, _ in dispositif.ou_s_adresser()]
