"""Propriété de l'aide à l'orientation : quelles que soient les réponses (âge, situations,
quartier, diplôme, handicap, mois), aucune suggestion ne contredit les données d'éligibilité
de son dispositif. Sur la démo, plus des dispositifs aux données tirées au hasard (bornes
d'âge, âge avec handicap, diplômes, mois à cheval sur deux années, quartiers, exclusions)."""

import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contrat_ville.models import Quartier
from dispositifs.models import Dispositif, Echelle, NiveauDiplome, Situation
from dispositifs.orientation import SITUATION_INSTRUCTION_OBLIGATOIRE, orienter
from tests import factories

pytestmark = pytest.mark.django_db

SITUATIONS = [
    "scolarise",
    "scolarise-risque-decrochage",
    "sorti-sans-diplome-moins-1-an",
    "sorti-sans-diplome-plus-1-an",
    "sans-solution-rentree",
    "ni-emploi-ni-formation",
    "difficultes-personnelles",
]
DIPLOMES = ["aucun", "brevet-cfg", "cap-bep", "bac-pro", "bac-general"]
QUARTIERS = ["sanitas", "la-rabiere", "le-morier", "les-tourettes", "la-rabaterie"]


def _dispositifs_au_hasard(nombre=40):
    """Des dispositifs publiés dont chaque donnée d'éligibilité est tirée au hasard."""
    rng = random.Random(12)
    situations = list(Situation.objects.all())
    niveaux = list(NiveauDiplome.objects.all())
    quartiers = list(Quartier.objects.all())
    for rang in range(nombre):
        age_min = rng.choice([None, 3, 11, 16, 18])
        age_max = rng.choice([None, 16, 17, 25, 30])
        if age_min is not None and age_max is not None and age_min > age_max:
            age_min, age_max = age_max, age_min
        local = rng.random() < 0.3
        mois = rng.choice([(None, None), (8, 12), (11, 2), (3, 3)])
        dispositif = factories.DispositifFactory(
            publie=True,
            nom=f"Tiré au hasard {rang}",
            age_min=age_min,
            age_max=age_max,
            age_max_handicap=age_max + rng.randint(0, 5)
            if age_max and rng.random() < 0.4
            else None,
            reserve_qpv=rng.random() < 0.3,
            echelle=Echelle.QUARTIERS if local else Echelle.DEPARTEMENT,
            mois_debut=mois[0],
            mois_fin=mois[1],
        )
        dispositif.situations.set(rng.sample(situations, rng.randint(1, 3)))
        dispositif.situations_exclues.set(rng.sample(situations, rng.choice([0, 0, 1])))
        dispositif.diplomes_acceptes.set(rng.sample(niveaux, rng.choice([0, 0, 1, 2, 3])))
        if local:
            dispositif.quartiers.set(rng.sample(quartiers, rng.randint(1, 3)))
        for situation in rng.sample(list(dispositif.situations.all()), 1):
            factories.PorteDEntreeFactory(
                dispositif=dispositif, situation=situation, rang=rng.randint(1, 3)
            )


@pytest.fixture(scope="module")
def donnees(django_db_setup, django_db_blocker):
    """La démo et les dispositifs tirés au hasard, une fois pour le module, annulés à la fin."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("charger_demo", verbosity=0, force=True)
        _dispositifs_au_hasard()
        yield
        transaction.set_rollback(True)


reponses = st.fixed_dictionaries(
    {
        "age": st.integers(3, 30),
        "situations": st.sets(st.sampled_from(SITUATIONS), min_size=1, max_size=4),
        "quartier": st.one_of(st.none(), st.sampled_from(QUARTIERS)),
        "scolarise": st.sampled_from(["", "oui", "non"]),
        "diplome": st.sampled_from(["", *DIPLOMES]),
        "handicap": st.booleans(),
        "mois": st.integers(1, 12),
    }
)


def ouvert(debut, fin, mois):
    if debut is None or fin is None:
        return True
    return debut <= mois <= fin if debut <= fin else (mois >= debut or mois <= fin)


def violations(dispositif, reponses, codes, quartier):
    """Ce que la suggestion de `dispositif` contredit dans ses propres données, relues en base."""
    d = Dispositif.objects.get(pk=dispositif.pk)
    age, fautes = reponses["age"], []
    plafond = d.age_max_handicap if reponses["handicap"] and d.age_max_handicap else d.age_max
    if d.statut != "publie":
        fautes.append("non publié")
    if (d.age_min is not None and age < d.age_min) or (plafond is not None and age > plafond):
        fautes.append(f"âge {age} hors de {d.age_min}–{plafond}")
    servies = set(d.situations.values_list("code", flat=True))
    if not servies & codes:
        fautes.append("ne sert aucune de ses situations")
    if set(d.situations_exclues.values_list("code", flat=True)) & codes:
        fautes.append("situation exclue")
    acceptes = set(d.diplomes_acceptes.values_list("code", flat=True))
    if reponses["diplome"] and acceptes and reponses["diplome"] not in acceptes:
        fautes.append(f"diplôme {reponses['diplome']} non accepté")
    if quartier is not None:
        if d.echelle == Echelle.QUARTIERS and not d.quartiers.filter(pk=quartier.pk).exists():
            fautes.append("quartier non couvert")
        if d.reserve_qpv and not quartier.est_prioritaire_le(timezone.localdate()):
            fautes.append("réservé aux QPV")
    if not ouvert(d.mois_debut, d.mois_fin, reponses["mois"]):
        fautes.append(f"fermé en {reponses['mois']}")
    return fautes


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reponses=reponses)
def test_aucune_suggestion_ne_contredit_l_eligibilite_de_son_dispositif(donnees, reponses):
    quartier = (
        Quartier.objects.avec_classements().filter(slug=reponses["quartier"]).first()
        if reponses["quartier"]
        else None
    )
    situations = list(Situation.objects.filter(code__in=reponses["situations"]))
    resultat = orienter(**{**reponses, "situations": situations, "quartier": quartier})
    codes = set(reponses["situations"])
    if resultat.instruction_obligatoire:
        codes.add(SITUATION_INSTRUCTION_OBLIGATOIRE)
    for suggestion in resultat.suggestions:
        fautes = violations(suggestion.dispositif, reponses, codes, quartier)
        assert not fautes, (suggestion.dispositif.nom, fautes)
    # Le classement : les portes d'entrée d'abord, par rang, jamais une porte après une autre.
    rangs = [s.porte.rang if s.porte else None for s in resultat.suggestions]
    avec_porte = [r for r in rangs if r is not None]
    assert rangs[: len(avec_porte)] == sorted(avec_porte)


def test_les_dispositifs_au_hasard_sont_bien_proposes_parfois(donnees):
    """La propriété n'est pas vide : les dispositifs tirés au hasard sont proposés."""
    situations = list(Situation.objects.filter(code__in=SITUATIONS))
    proposes = {
        s.dispositif.nom
        for age in (10, 17, 22, 28)
        for s in orienter(age=age, situations=situations, handicap=True, mois=9).suggestions
    }
    assert len([nom for nom in proposes if nom.startswith("Tiré au hasard")]) >= 10
