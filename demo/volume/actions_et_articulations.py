"""Les actions éducatives du lot et leurs articulations avec les dispositifs."""

from actions.models import ActionEducative, Articulation
from demo.volume.vocabulaire import MOTS
from seances.models import Seance

ACTIONS = MOTS["actions"]
DESCRIPTIONS_ARTICULATION = MOTS["articulations"]


def actions(gen):
    rng = gen.rng
    types = list(ACTIONS["types"])
    poids = [type_["poids"] for type_ in ACTIONS["types"].values()]
    actions, quartiers = [], []
    for rang in range(gen.effectifs["actions"]):
        type_ = rng.choices(types, weights=poids)[0]
        modele = ACTIONS["types"][type_]
        couverts = rng.sample(gen.quartiers, min(len(gen.quartiers), rng.randint(1, 3)))
        nom = f"{rng.choice(modele['noms'])} – {couverts[0].nom}"
        valeurs = {"public": "enfants inscrits", "lieu": f"centre social {couverts[0].nom}"}
        publication = gen.publication()
        actions.append(
            ActionEducative(
                **publication,
                nom=f"{nom} {rang + 1}",
                slug=gen.slug(nom, rang + 1),
                type=type_,
                porteur=gen.porteur(publication["statut"]),
                public=modele["public"],
                age_min=modele.get("age_min"),
                age_max=modele.get("age_max"),
                description=gen.phrases(ACTIONS["phrases"], rng.randint(3, 5), **valeurs),
                periode=rng.choice(ACTIONS["periodes"]),
                est_exemple=True,
            )
        )
        quartiers.append(couverts)
    gen.actions = gen.inserer(ActionEducative, actions)
    gen.lier(
        ActionEducative.quartiers,
        [(a.pk, q.pk) for a, qs in zip(gen.actions, quartiers, strict=True) for q in qs],
    )


def articulations(gen):
    rng = gen.rng
    nb_dispositifs = len(gen.dispositifs)
    tenues = [s for s in gen.seances if s.etat == Seance.Etat.TENUE]
    articulations = []
    for indice in gen.echantillon(
        len(gen.actions) * nb_dispositifs, gen.effectifs["articulations"], "articulations"
    ):
        action, dispositif = divmod(indice, nb_dispositifs)
        nature = rng.choice(Articulation.Nature.values)
        articulations.append(
            Articulation(
                **gen.publication(),
                action=gen.actions[action],
                dispositif=gen.dispositifs[dispositif],
                nature=nature,
                description=DESCRIPTIONS_ARTICULATION[nature],
                seance=rng.choice(tenues) if tenues and rng.random() < 0.4 else None,
                est_exemple=True,
            )
        )
    gen.inserer(Articulation, articulations)
