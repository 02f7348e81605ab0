"""Les fiches du lot, leur calendrier et leurs liens ; leurs indicateurs."""

from datetime import date

from demo.volume.vocabulaire import COMMUN, MOTS
from fiches.models import EtapeCalendrier, Fiche
from indicateurs.models import Indicateur

FICHES = MOTS["fiches"]
PHRASES_CONTEXTE = MOTS["seances"]["phrases_compte_rendu"]
MODELES_INDICATEUR = MOTS["indicateurs"]["modeles"]


def fiches(gen):
    rng = gen.rng
    fiches = []
    for rang in range(gen.effectifs["fiches"]):
        titre = FICHES["titres"][rang % len(FICHES["titres"])]
        fiches.append(
            Fiche(
                **gen.publication(),
                contrat=gen.contrat,
                axe=rng.choice(gen.axes),
                code=f"V{gen.numero}.{rang + 1}",
                version=rng.choice(["2017", "2020", "2024"]),
                titre=titre,
                enjeu=f"Enjeu : {titre.lower()} dans les quartiers prioritaires.",
                contexte="\n".join(rng.sample(PHRASES_CONTEXTE, 2)),
                acteurs_a_informer="Acteurs éducatifs, sociaux et associatifs des quartiers",
                outil_de_reperage="Fiche de liaison partagée entre partenaires",
                dispositifs_concernes="Voir les dispositifs du répertoire liés à la fiche.",
                liens="Axe transversal « Jeunesse »",
                **{
                    section: "\n".join(rng.sample(lignes, min(3, len(lignes))))
                    for section, lignes in FICHES["lignes"].items()
                },
            )
        )
    gen.fiches = gen.inserer(Fiche, fiches)
    etapes = [
        EtapeCalendrier(
            fiche=fiche,
            ordre=ordre,
            periode=str(2016 + ordre),
            date_debut=date(2016 + ordre, 1, 1),
            date_fin=date(2016 + ordre, 12, 31),
            description=description,
        )
        for fiche in gen.fiches
        for ordre, description in enumerate(FICHES["etapes"])
    ]
    gen.inserer(EtapeCalendrier, etapes)
    gen.lier(
        Fiche.dispositifs,
        [
            (f.pk, d.pk)
            for f in gen.fiches
            for d in rng.sample(gen.dispositifs, min(len(gen.dispositifs), rng.randint(5, 15)))
        ],
    )
    gen.lier(
        Fiche.axes_transversaux,
        [
            (f.pk, a.pk)
            for f in gen.fiches
            for a in rng.sample(gen.axes_transversaux, rng.randint(1, 2))
        ],
    )
    gen.lier(
        Fiche.fiches_liees,
        [
            (f.pk, autre.pk)
            for f in gen.fiches
            for autre in rng.sample(gen.fiches, min(len(gen.fiches), rng.randint(0, 2)))
            if autre is not f
        ],
    )


def indicateurs(gen):
    indicateurs = []
    for rang in range(gen.effectifs["indicateurs"]):
        modele = MODELES_INDICATEUR[rang % len(MODELES_INDICATEUR)]
        indicateurs.append(
            Indicateur(
                **gen.publication(),
                fiche=gen.fiches[rang % len(gen.fiches)],
                nature=modele["nature"],
                ordre=rang // len(gen.fiches) + 1,
                libelle=modele["libelle"],
                type_valeur=modele["type_valeur"],
                unite=modele["unite"],
                calcul=modele["calcul"],
                source=gen.rng.choice(COMMUN["sources"]),
                cible="Progression chaque année" if modele["type_valeur"] == "nombre" else "",
                definition="Valeur annuelle, consolidée au 31 décembre.",
            )
        )
    gen.indicateurs = gen.inserer(Indicateur, indicateurs)
    # (indicateur, type de valeur, ordre de grandeur) des seuls indicateurs saisis : les
    # autres sont calculés par le portail à partir des données et n'ont pas de mesure.
    gen.saisis = [
        (
            indicateur,
            indicateur.type_valeur,
            MODELES_INDICATEUR[rang % len(MODELES_INDICATEUR)]["valeur_typique"],
        )
        for rang, indicateur in enumerate(gen.indicateurs)
        if indicateur.calcul == Indicateur.Calcul.SAISI
    ]
