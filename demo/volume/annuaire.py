"""Les dispositifs du lot, leurs publics, quartiers, thématiques et partenaires."""

from datetime import date

from django.utils.text import slugify

from demo.volume.vocabulaire import COMMUN, MOTS
from dispositifs.models import Dispositif, Echelle, NiveauDiplome, PorteDEntree

MOTS_DISPOSITIFS = MOTS["dispositifs"]
AGES = [(11, 16), (12, 18), (15, 18), (16, 18), (16, 25), (16, 29), (13, 25), (6, 16),
        (None, 25), (16, None), (None, None)]  # fmt: skip
POIDS_ECHELLES = [35, 30, 15, 10, 10]  # dans l'ordre de Echelle


def _de(texte):
    """« de » élidé devant une voyelle : « d'éviter », « de construire »."""
    return f"d'{texte}" if texte[:1].lower() in "aeiouyéèêh" else f"de {texte}"


def _situations_pour(gen, age_min, age_max):
    if age_max is not None and age_max <= 16:
        vivier = [s for s in gen.situations if s.scolarise is not False]
    elif age_min is not None and age_min >= 16:
        vivier = [s for s in gen.situations if s.scolarise is not True]
    else:
        vivier = gen.situations
    vivier = vivier or gen.situations
    return gen.rng.sample(vivier, min(len(vivier), gen.rng.randint(1, 3)))


def dispositifs(gen):
    rng, mots = gen.rng, MOTS_DISPOSITIFS
    categories = list(mots["categories"])
    poids_categories = [c["poids"] for c in mots["categories"].values()]
    echelles = list(Echelle)
    dispositifs, liens = [], {"situations": [], "quartiers": [], "thematiques": []}
    liens["diplomes_acceptes"] = []
    sans_qualification = list(NiveauDiplome.objects.filter(code__in=["aucun", "brevet-cfg"]))
    partenaires = []
    for rang in range(gen.effectifs["dispositifs"]):
        categorie = rng.choices(categories, weights=poids_categories)[0]
        nom = rng.choice(mots["categories"][categorie]["noms"])
        qualificatif = rng.choice(mots["qualificatifs"])
        qualificatif = qualificatif["feminin" if nom["feminin"] else "masculin"]
        echelle = rng.choices(echelles, weights=POIDS_ECHELLES)[0]
        couverts = rng.sample(gen.quartiers, min(len(gen.quartiers), rng.randint(1, 5)))
        lieu = couverts[0].nom if echelle == Echelle.QUARTIERS else mots["lieux"][echelle]
        nom = f"{nom['nom']} {qualificatif} {rng.choice(mots['objets'])} – {lieu}"
        age_min, age_max = rng.choice(AGES)
        public, objectif = rng.choice(mots["publics"]), rng.choice(mots["objectifs"])
        valeurs = {
            "public": public,
            "objectif": objectif,
            "de_objectif": _de(objectif),
            "duree": rng.choice(mots["durees"]),
            "lieu": f"centre social {rng.choice(gen.quartiers).nom}",
            "delai": rng.choice(mots["delais"]),
            "delai_court": rng.choice(mots["delais_courts"]),
        }
        saisonnier = rng.random() < 0.1
        publication = gen.publication()
        porteur = gen.porteur(publication["statut"])
        domaine = f"{slugify(porteur.nom)[:30].strip('-')}.example.org"
        dispositifs.append(
            Dispositif(
                **publication,
                est_exemple=True,
                nom=f"{nom} {rang + 1}",
                sigle=rng.choice(mots["sigles"]) if rng.random() < 0.3 else "",
                slug=gen.slug(nom, rang + 1),
                categorie=categorie,
                porteur=porteur,
                resume=rng.choice(mots["modeles_resume"]).format(**valeurs)[:400],
                description=gen.phrases(mots["phrases_description"], rng.randint(3, 6), **valeurs),
                age_min=age_min,
                age_max=age_max,
                age_max_handicap=age_max + 4 if age_max and rng.random() < 0.1 else None,
                reserve_qpv=rng.random() < 0.15,
                mois_debut=8 if saisonnier else None,
                mois_fin=10 if saisonnier else None,
                conditions_acces=rng.choice(mots["conditions"]),
                comment_mobiliser=gen.phrases(
                    mots["phrases_mobiliser"], rng.randint(2, 3), **valeurs
                ),
                mobilisable_par=rng.choices(Dispositif.MobilisablePar.values, weights=[45, 15, 40])[
                    0
                ],
                contact=rng.choice(COMMUN["contacts"]),
                telephone=f"02 47 {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
                courriel=f"orientation@{domaine}",
                site_web=f"https://{domaine}/dispositifs/{rang + 1}/",
                echelle=echelle,
                date_creation=date(rng.randint(2005, 2024), rng.randint(1, 12), 1),
                base_legale=rng.choice(mots["bases_legales"]) if rng.random() < 0.3 else "",
                source=rng.choice(COMMUN["sources"]),
            )
        )
        liens["situations"].append(_situations_pour(gen, age_min, age_max))
        reserve = age_min and age_min >= 16 and rng.random() < 0.5
        liens["diplomes_acceptes"].append(sans_qualification if reserve else [])
        liens["quartiers"].append(couverts if echelle == Echelle.QUARTIERS else [])
        liens["thematiques"].append(
            rng.sample(gen.thematiques, min(len(gen.thematiques), rng.randint(1, 3)))
        )
        autres = rng.sample(gen.structures, min(5, len(gen.structures)))
        partenaires.append([s for s in autres if s is not porteur][: rng.randint(0, 4)])
    for dispositif in dispositifs:
        dispositif.indexer()  # ce que ferait save(), que bulk_create n'appelle pas
    gen.dispositifs = gen.inserer(Dispositif, dispositifs)
    for nom_relation, cibles in liens.items():
        gen.lier(
            getattr(Dispositif, nom_relation),
            [(d.pk, c.pk) for d, cs in zip(gen.dispositifs, cibles, strict=True) for c in cs],
        )
    gen.lier(
        Dispositif.partenaires,
        [(d.pk, s.pk) for d, ss in zip(gen.dispositifs, partenaires, strict=True) for s in ss],
    )
    # Un dispositif sur cinq est la porte d'entrée de l'une de ses situations.
    gen.inserer(
        PorteDEntree,
        [
            PorteDEntree(dispositif=d, situation=situations[0], rang=rng.randint(1, 3))
            for d, situations in zip(gen.dispositifs, liens["situations"], strict=True)
            if rng.random() < 0.2
        ],
    )
