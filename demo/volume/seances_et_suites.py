"""Les séances du lot, leurs participations et leurs suites."""

from datetime import date, timedelta

from demo.volume.parametres import ANNEES_SEANCES, PARTICIPATIONS_PAR_SEANCE, SUITES_PAR_SEANCE
from demo.volume.vocabulaire import MOTS
from seances.models import Participation, Seance, Suite

SEANCES = MOTS["seances"]
NOMS_DE_SALLE = MOTS["territoire"]["noms_quartier"]


def _jour_ouvre(gen):
    premier, dernier = date(ANNEES_SEANCES[0], 1, 1), date(ANNEES_SEANCES[1], 12, 31)
    while True:
        jour = premier + timedelta(days=gen.rng.randrange((dernier - premier).days + 1))
        if jour.weekday() < 5 and jour.month != 8:
            return jour


def seances(gen):
    rng = gen.rng
    types = Seance.Type.values
    seances, fiches, dispositifs = [], [], []
    for _ in range(gen.effectifs["seances"]):
        type_ = rng.choices(types, weights=[25, 10, 15, 40, 10])[0]
        a_quartier = type_ == Seance.Type.ANIMATION_QUARTIER or (
            type_ == Seance.Type.GROUPE_TECHNIQUE and rng.random() < 0.3
        )
        quartier = rng.choice(gen.quartiers) if a_quartier else None
        journee = type_ == Seance.Type.PERSEVERANCE
        debut = gen.date_heure(_jour_ouvre(gen), 9 if journee else rng.choice([9, 14, 17]))
        fin = debut + timedelta(hours=7 if journee else rng.choice([1.5, 2, 2.5, 3]))
        if debut < gen.maintenant:
            etat = rng.choices(Seance.Etat.values, weights=[4, 88, 8])[0]
        else:
            etat = rng.choices(Seance.Etat.values, weights=[95, 0, 5])[0]
        tenue = etat == Seance.Etat.TENUE
        libelle = Seance.Type(type_).label
        titre = f"{libelle} – {quartier.nom}" if quartier else libelle
        seances.append(
            Seance(
                **gen.publication(),
                type=type_,
                titre=f"{titre}, {debut:%m/%Y}",
                debut=debut,
                fin=fin,
                lieu=(
                    f"Centre social {quartier.nom}, salle polyvalente"
                    if quartier
                    else f"Hôtel communautaire, salle {rng.choice(NOMS_DE_SALLE)}"
                ),
                echelle=Seance.Echelle.QUARTIER if quartier else Seance.Echelle.AGGLOMERATION,
                quartier=quartier,
                animateur=rng.choice(gen.structures),
                ordre_du_jour="\n".join(rng.sample(SEANCES["ordre_du_jour"], rng.randint(3, 5))),
                etat=etat,
                compte_rendu=gen.phrases(SEANCES["phrases_compte_rendu"], 3) if tenue else "",
                compte_rendu_publie=tenue and rng.random() < 0.8,
                est_exemple=True,
            )
        )
        # Toute séance générée est liée à une fiche du lot : c'est ainsi que `vider()`
        # la reconnaît.
        fiches.append(rng.sample(gen.fiches, min(len(gen.fiches), rng.randint(1, 2))))
        dispositifs.append(
            rng.sample(gen.dispositifs, min(len(gen.dispositifs), rng.randint(0, 4)))
        )
    gen.seances = gen.inserer(Seance, seances)
    gen.lier(
        Seance.fiches,
        [(s.pk, f.pk) for s, fs in zip(gen.seances, fiches, strict=True) for f in fs],
    )
    gen.lier(
        Seance.dispositifs,
        [(s.pk, d.pk) for s, ds in zip(gen.seances, dispositifs, strict=True) for d in ds],
    )
    _participations_et_suites(gen)


def _repartition(gen, moyenne):
    """Un effectif par séance, de moyenne-1 à moyenne+1, dont la somme vaut exactement
    moyenne × séances : les totaux restent prévisibles, les séances variées."""
    nombre = len(gen.seances)
    tiers = nombre // 3
    repartition = [moyenne - 1] * tiers + [moyenne + 1] * tiers
    repartition += [moyenne] * (nombre - len(repartition))
    gen.rng.shuffle(repartition)
    return repartition


def _participations_et_suites(gen):
    rng = gen.rng
    participations, suites = [], []
    presences = Participation.Presence.values
    natures = Suite.Nature.values
    for seance, k in zip(gen.seances, _repartition(gen, PARTICIPATIONS_PAR_SEANCE), strict=True):
        for structure in rng.sample(gen.structures, min(k, len(gen.structures))):
            participations.append(
                Participation(
                    seance=seance,
                    structure=structure,
                    nombre_personnes=rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0],
                    presence=rng.choices(presences, weights=[85, 15])[0],
                )
            )
    for seance, k in zip(gen.seances, _repartition(gen, SUITES_PAR_SEANCE), strict=True):
        for _ in range(k):
            echeance = (seance.debut + timedelta(days=rng.randint(30, 120))).date()
            if echeance < gen.maintenant.date():
                etat = rng.choices(Suite.Etat.values, weights=[10, 20, 60, 10])[0]
            else:
                etat = rng.choices(Suite.Etat.values, weights=[70, 30, 0, 0])[0]
            suites.append(
                Suite(
                    seance=seance,
                    nature=rng.choice(natures),
                    description=rng.choice(SEANCES["suites"]),
                    responsable=rng.choice(gen.structures) if rng.random() < 0.9 else None,
                    echeance=echeance,
                    etat=etat,
                )
            )
    gen.inserer(Participation, participations)
    gen.inserer(Suite, suites)
