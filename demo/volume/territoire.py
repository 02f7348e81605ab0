"""Le contrat du lot, ses piliers et axes, ses quartiers ; les structures ; les référentiels."""

from django.utils.text import slugify

from contrat_ville.models import (
    Axe,
    AxeTransversal,
    ClassementQuartier,
    ContratDeVille,
    Pilier,
    Quartier,
    Structure,
)
from demo.volume.vocabulaire import COMMUN, MOTS
from dispositifs.models import Situation, Thematique

TERRITOIRE = MOTS["territoire"]
STRUCTURES = MOTS["structures"]
REFERENTIELS = MOTS["referentiels"]
PILIERS = MOTS["fiches"]["piliers"]
AXES_TRANSVERSAUX = MOTS["fiches"]["axes_transversaux"]


def contrat_et_quartiers(gen):
    rng = gen.rng
    nom_territoire = TERRITOIRE["nom"]
    (gen.contrat,) = gen.inserer(
        ContratDeVille,
        [
            ContratDeVille(
                nom=f"Contrat de ville synthétique n° {gen.numero} – {nom_territoire}",
                slug=gen.lot,
                territoire=nom_territoire,
                pilotes="État, communauté urbaine et communes",
                annee_debut=2015,
                annee_fin=2030,
                presentation=(
                    "Contrat de ville généré pour les mesures de performance : les noms, "
                    "les textes et les chiffres sont fictifs."
                ),
            )
        ],
    )
    piliers = gen.inserer(
        Pilier,
        [Pilier(contrat=gen.contrat, numero=p["numero"], intitule=p["intitule"]) for p in PILIERS],
    )
    axes_par_pilier = {p["numero"]: p["axes"] for p in PILIERS}
    gen.axes = gen.inserer(
        Axe,
        [
            Axe(pilier=pilier, numero=rang, intitule=intitule)
            for pilier in piliers
            for rang, intitule in enumerate(axes_par_pilier[pilier.numero], start=1)
        ],
    )
    gen.axes_transversaux = gen.inserer(
        AxeTransversal,
        [
            AxeTransversal(contrat=gen.contrat, code=a["code"], intitule=a["intitule"])
            for a in AXES_TRANSVERSAUX
        ],
    )
    quartiers, categories = [], []
    types, noms = TERRITOIRE["types_quartier"], TERRITOIRE["noms_quartier"]
    combinaisons = [(t, n) for n in noms for t in types]
    rng.shuffle(combinaisons)
    for rang in range(gen.effectifs["quartiers"]):
        type_, nom = combinaisons[rang % len(combinaisons)]
        nom = f"{type_} {nom}"
        if rang >= len(combinaisons):
            nom = f"{nom} {rang // len(combinaisons) + 1}"
        prioritaire = rng.random() < 0.8
        quartiers.append(
            Quartier(
                nom=nom,
                slug=gen.slug(nom, rang + 1),
                commune=rng.choice(TERRITOIRE["communes"])["nom"],
                code_qpv=f"QV{gen.numero:03d}{rang + 1:05d}" if prioritaire else "",
                population=rng.randrange(1200, 12000, 10),
            )
        )
        categories.append(
            Quartier.Categorie.PRIORITAIRE if prioritaire else Quartier.Categorie.VEILLE
        )
    gen.quartiers = gen.inserer(Quartier, quartiers)
    gen.inserer(
        ClassementQuartier,
        [
            ClassementQuartier(quartier=quartier, contrat=gen.contrat, categorie=categorie)
            for quartier, categorie in zip(gen.quartiers, categories, strict=True)
        ],
    )


def structures(gen):
    rng = gen.rng
    types = list(STRUCTURES["types"].items())
    poids = [modele["poids"] for _, modele in types]
    structures = []
    for rang in range(gen.effectifs["structures"]):
        type_, modeles = rng.choices(types, weights=poids)[0]
        modele = rng.choice(modeles["modeles"])
        commune = rng.choice(TERRITOIRE["communes"])
        quartier = rng.choice(gen.quartiers)
        nom = modele["nom"].format(
            commune=commune["nom"],
            personne=rng.choice(STRUCTURES["personnalites"]),
            association=rng.choice(STRUCTURES["noms_association"]),
            quartier=quartier.nom,
        )
        domaine = f"{slugify(nom)[:30].strip('-')}.example.org"
        structures.append(
            Structure(
                **gen.publication(),
                est_exemple=True,
                nom=nom,
                sigle=modele["sigle"],
                slug=gen.slug(nom, rang + 1),
                type=type_,
                description=(
                    f"{nom} accueille et accompagne les habitants de {commune['nom']}. "
                    "La structure participe aux séances partenariales du contrat de ville et "
                    "relaie l'information sur les dispositifs auprès des familles."
                ),
                site_web=f"https://{domaine}/",
                contact=rng.choice(COMMUN["contacts"]),
                courriel=f"contact@{domaine}",
                telephone=f"02 47 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}",
                adresse=f"{rng.randint(1, 120)} rue des {rng.choice(TERRITOIRE['noms_quartier'])}",
                code_postal=commune["code_postal"],
                commune=commune["nom"],
            )
        )
    gen.structures = gen.inserer(Structure, structures)


def referentiels(gen):
    # Les référentiels ne font pas partie du lot : ceux de la démonstration servent tels quels.
    for ordre, situation in enumerate(REFERENTIELS["situations"], start=1):
        Situation.objects.get_or_create(
            code=situation["code"],
            defaults={
                "libelle": situation["libelle"],
                "ordre": ordre,
                "scolarise": situation.get("scolarise"),
            },
        )
    for thematique in REFERENTIELS["thematiques"]:
        Thematique.objects.get_or_create(
            code=thematique["code"], defaults={"libelle": thematique["libelle"]}
        )
    gen.situations = list(Situation.objects.order_by("code"))
    gen.thematiques = list(Thematique.objects.order_by("code"))
