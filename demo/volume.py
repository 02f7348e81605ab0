"""Données synthétiques en volume, pour mesurer les performances (commande `generer_volume`).

Tout ce qui est généré se reconnaît à son lot : contrat « vol-r<n> », identifiants d'URL
« vol-r<n>-… », codes de fiche « V<n>.<k> », codes QPV « QV… ». Plusieurs lots cohabitent sans
collision, et `vider()` ne supprime qu'eux, jamais les données de démonstration.

Tout passe par `bulk_create` : pas de `save()`, donc ni signal ni ligne d'historique — des
données synthétiques n'ont pas d'histoire à garder. Ce que `save()` calcule (les colonnes de
recherche des dispositifs) est donc calculé ici.
"""

import functools
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from actions.models import ActionEducative, Articulation
from contrat_ville.models import (
    Axe,
    AxeTransversal,
    ContratDeVille,
    Pilier,
    Quartier,
    Statut,
    Structure,
)
from contrat_ville.registre import donnees_modifiees
from dispositifs import recherche
from dispositifs.models import (
    Dispositif,
    Echelle,
    Situation,
    Thematique,
)
from fiches.models import EtapeCalendrier, Fiche
from indicateurs.models import Indicateur, Mesure
from seances.models import Participation, Seance, Suite

PREFIXE = "vol-"
MARQUE_LOT = r"^vol-r[0-9]+(-|$)"
GRAINE_PAR_DEFAUT = 1789
TAILLE_LOT_SQL = 2000

# Volume de référence (facteur 1) ; chaque effectif vaut max(1, round(référence × facteur)).
REFERENCE = {
    "quartiers": 40,
    "structures": 200,
    "fiches": 20,
    "dispositifs": 300,
    "actions": 200,
    "articulations": 600,
    "seances": 1000,
    "indicateurs": 60,
    "mesures": 20000,
}
PARTICIPATIONS_PAR_SEANCE = 3  # en moyenne : 2, 3 ou 4 structures par séance
SUITES_PAR_SEANCE = 1  # en moyenne : 0, 1 ou 2 suites par séance
ANNEES_SEANCES = (2016, 2027)
ANNEES_MESURES = (2016, 2025)
ANNEE_MESURE_MINIMALE = 2000  # validateur de Mesure.periode

STATUTS = [Statut.PUBLIE, Statut.BROUILLON, Statut.RELECTURE, Statut.ARCHIVE]
POIDS_STATUTS = [90, 4, 3, 3]


def effectifs(facteur):
    return {nom: max(1, round(ref * facteur)) for nom, ref in REFERENCE.items()}


class VolumeImpossible(ValueError):
    """Le facteur est trop petit pour loger les effectifs demandés sans doublon."""


# --- Référentiels minimaux (créés seulement s'ils manquent) ----------------------------------

SITUATIONS = [
    ("scolarise", "Scolarisé", True),
    ("scolarise-risque-decrochage", "Scolarisé en risque de décrochage", True),
    ("sorti-sans-diplome-moins-1-an", "Sorti sans diplôme depuis moins d'un an", False),
    ("sorti-sans-diplome-plus-1-an", "Sorti sans diplôme depuis plus d'un an", False),
    ("sans-solution-rentree", "Sans solution à la rentrée", False),
    ("ni-emploi-ni-formation", "Ni en emploi, ni en formation, ni scolarisé", False),
    ("difficultes-personnelles", "En difficulté personnelle, familiale ou de santé", None),
]

# Codes et libellés du référentiel data·inclusion v1.
THEMATIQUES = [
    ("se-former--trouver-sa-formation", "Trouver sa formation"),
    ("se-former--monter-son-dossier-de-formation", "Monter son dossier de formation"),
    (
        "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
        "Découvrir un métier ou un secteur d’activité",
    ),
    ("remobilisation--bien-etre-confiance-en-soi", "Bien-être et confiance en soi"),
    ("remobilisation--activites-sportives-et-culturelles", "Activités sportives et culturelles"),
    (
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "Soutien à la parentalité et à l’éducation",
    ),
    ("sante--sante-mentale", "Santé mentale"),
    ("lecture-ecriture-calcul--maitriser-le-francais", "Maîtriser le français"),
]

# --- Listes de mots -------------------------------------------------------------------------

TERRITOIRE = "Communauté urbaine du Val de Brenne"
COMMUNES = [
    ("Val-de-Brenne", "37100"),
    ("Saint-Aubin-sur-Loire", "37540"),
    ("Montreuil-les-Vignes", "37300"),
    ("Chanteloup-en-Touraine", "37170"),
    ("La Ville-aux-Prés", "37700"),
    ("Saint-Éloi-des-Bois", "37520"),
    ("Fondettes-le-Haut", "37230"),
    ("Esvres-la-Rivière", "37320"),
]
TYPES_QUARTIER = ["Quartier des", "Cité des", "Résidence des", "Les Hauts des", "Faubourg des"]
NOMS_QUARTIER = [
    "Rives", "Tilleuls", "Fontaines", "Sablons", "Acacias", "Peupliers", "Marronniers",
    "Glycines", "Bruyères", "Chênes", "Jardins", "Coteaux", "Prés", "Vignes", "Moulins",
    "Saules", "Genêts", "Érables", "Lilas", "Rochettes", "Tanneurs", "Écluses",
]  # fmt: skip
PERSONNALITES = [
    "Jean Moulin", "Marie Curie", "Jules Ferry", "Simone Veil", "Lucie Aubrac", "Victor Hugo",
    "George Sand", "Paul Éluard", "Louise Michel", "Jean Zay", "Germaine Tillion",
    "Joséphine Baker", "Honoré de Balzac", "Rabelais", "Ronsard", "Gisèle Halimi",
]  # fmt: skip
NOMS_ASSOCIATION = [
    "Horizon Jeunesse", "Accueil et Partage", "Énergie Quartiers", "Les Passerelles",
    "Coup de Pouce Éducatif", "Solidarité Réussite", "Les Ateliers du Savoir", "Cap Avenir",
    "Lire et Grandir", "Parents Ensemble", "Tremplin Emploi", "Sport et Citoyenneté",
]  # fmt: skip

# (type de structure, poids, [(modèle de nom, sigle)])
MODELES_STRUCTURE = [
    (Structure.Type.ETAT, 4, [("Délégation départementale à la politique de la ville", "DPV")]),
    (
        Structure.Type.EDUCATION_NATIONALE,
        30,
        [
            ("Collège {personne} de {commune}", ""),
            ("Lycée professionnel {personne}", "LP"),
            ("Centre d'information et d'orientation de {commune}", "CIO"),
            ("Mission de lutte contre le décrochage scolaire du bassin de {commune}", "MLDS"),
        ],
    ),
    (Structure.Type.REGION, 2, [("Région – orientation et formation tout au long de la vie", "")]),
    (
        Structure.Type.DEPARTEMENT,
        8,
        [
            ("Maison départementale de la solidarité de {commune}", "MDS"),
            ("Service de prévention spécialisée", ""),
        ],
    ),
    (
        Structure.Type.COMMUNE,
        12,
        [
            ("Ville de {commune} – service jeunesse", ""),
            ("Centre communal d'action sociale de {commune}", "CCAS"),
        ],
    ),
    (Structure.Type.MISSION_LOCALE, 6, [("Mission locale de {commune}", "ML")]),
    (Structure.Type.CAF, 3, [("Caisse d'allocations familiales – antenne de {commune}", "CAF")]),
    (
        Structure.Type.ETABLISSEMENT,
        4,
        [
            ("Maison des adolescents de {commune}", "MDA"),
            ("Établissement pour l'insertion dans l'emploi", "EPIDE"),
        ],
    ),
    (
        Structure.Type.ASSOCIATION,
        30,
        [
            ("Association {association}", ""),
            ("Centre social {quartier}", ""),
            ("Régie de quartier {quartier}", ""),
        ],
    ),
    (Structure.Type.AUTRE, 1, [("Groupement d'employeurs pour l'insertion de {commune}", "GEIQ")]),
]

# (nom, féminin ?) par catégorie : le qualificatif s'accorde.
NOMS_DISPOSITIF = {
    Dispositif.Categorie.PLATEFORME: [("Plateforme", True)],
    Dispositif.Categorie.RESEAU: [("Réseau", False)],
    Dispositif.Categorie.REFERENT: [("Référent", False)],
    Dispositif.Categorie.OPERATION: [("Opération", True)],
    Dispositif.Categorie.DROIT: [("Droit", False)],
    Dispositif.Categorie.SERVICE_EN_LIGNE: [("Service en ligne", False), ("Portail", False)],
    Dispositif.Categorie.MISSION: [("Mission", True)],
    Dispositif.Categorie.EVENEMENT: [("Journée", True), ("Forum", False), ("Semaine", True)],
    Dispositif.Categorie.OUTIL_REPERAGE: [("Grille de repérage", True), ("Fiche de liaison", True)],
    Dispositif.Categorie.ACCOMPAGNEMENT: [
        ("Accompagnement", False),
        ("Parcours", False),
        ("Suivi", False),
    ],
    Dispositif.Categorie.PROGRAMME: [("Programme", False)],
}
POIDS_CATEGORIES = [6, 5, 6, 4, 2, 3, 4, 4, 3, 25, 10]
QUALIFICATIFS = [
    ("renforcé", "renforcée"),
    ("personnalisé", "personnalisée"),
    ("collectif", "collective"),
    ("intensif", "intensive"),
    ("de proximité", "de proximité"),
    ("partagé", "partagée"),
    ("individualisé", "individualisée"),
    ("territorial", "territoriale"),
]
OBJETS = [
    "vers la formation",
    "pour le retour à l'école",
    "de remobilisation",
    "contre le décrochage scolaire",
    "vers l'emploi des jeunes",
    "pour la persévérance scolaire",
    "d'accès à l'apprentissage",
    "pour l'orientation après la troisième",
    "de prévention des exclusions",
    "pour une rentrée sans rupture",
]
LIEUX = {
    Echelle.AGGLOMERATION: "Val de Brenne",
    Echelle.DEPARTEMENT: "Brenne-et-Loire",
    Echelle.REGION: "Région Val de Loire",
    Echelle.NATIONAL: "France entière",
}
SIGLES = ["PSAD", "MLDS", "FOQUALE", "CEJ", "PACEA", "E2C", "PRE", "CLAS", "SAS", "TREMPLIN"]

# Groupes nominaux au pluriel, sans article : « les … », « aux … », « des … ».
PUBLICS = [
    "collégiens en risque de décrochage",
    "jeunes de 16 à 18 ans soumis à l'obligation de formation",
    "lycéens professionnels en rupture de parcours",
    "jeunes sortis du système scolaire sans qualification",
    "familles éloignées de l'institution scolaire",
    "élèves exclus temporairement de leur établissement",
    "jeunes sans solution à la rentrée de septembre",
    "décrocheurs de plus d'un an ni en emploi ni en formation",
    "élèves allophones nouvellement arrivés",
    "adolescents en souffrance psychique",
]
OBJECTIFS = [
    "reprendre un parcours de formation qualifiante",
    "retrouver confiance en soi et en l'école",
    "construire un projet d'orientation réaliste",
    "renouer le dialogue entre la famille et l'établissement",
    "accéder à un premier emploi ou à un contrat d'apprentissage",
    "éviter la rupture scolaire après une exclusion",
    "découvrir des métiers et des secteurs qui recrutent",
    "lever les freins périphériques : santé, logement, mobilité",
    "obtenir un diplôme ou une certification reconnue",
    "préparer sereinement l'entrée au lycée",
]
MODELES_RESUME = [
    "Accompagne les {public} pour {objectif}, avec un référent unique et des ateliers collectifs.",
    "Permet aux {public} {de_objectif} grâce à un suivi personnalisé au plus près du quartier.",
    "Repère les {public} et leur propose une solution pour {objectif} dans les meilleurs délais.",
    "Offre aux {public} un espace pour {objectif}, en lien avec les familles et les collèges.",
    "Mobilise les partenaires du territoire afin d'aider les {public} à {objectif}.",
]
PHRASES_DESCRIPTION = [
    "Le dispositif s'adresse aux {public} et vise à les aider à {objectif}.",
    "Un référent unique assure un suivi personnalisé pendant {duree}, en lien étroit avec la "
    "famille.",
    "Les entretiens ont lieu au plus près des habitants, notamment au {lieu}.",
    "L'accompagnement associe des temps individuels et des ateliers collectifs : remise à niveau, "
    "découverte des métiers, préparation aux entretiens.",
    "Il s'appuie sur le réseau des partenaires du bassin : établissements scolaires, centre "
    "d'information et d'orientation, mission locale et associations de quartier.",
    "Une attention particulière est portée aux jeunes filles, aux élèves allophones et aux "
    "jeunes en situation de handicap.",
    "Les situations sont examinées chaque mois en commission partenariale afin de proposer une "
    "réponse adaptée à chaque jeune.",
    "La participation est gratuite et repose sur l'adhésion volontaire du jeune et de sa famille.",
    "Des stages d'immersion en entreprise et des visites de lycées professionnels peuvent être "
    "proposés.",
    "La structure porteuse coordonne l'action et rend compte chaque année des résultats au "
    "comité de pilotage du contrat de ville.",
    "L'objectif est qu'aucun jeune ne reste sans solution plus de {delai} après sa sortie du "
    "système scolaire.",
    "Les professionnels du quartier sont invités à signaler toute absence répétée ou tout signe "
    "de démotivation.",
    "Le suivi se poursuit après l'entrée en formation pour sécuriser les premiers mois du "
    "parcours.",
    "Les démarches administratives — inscription, bourse, transport — sont facilitées par un "
    "accompagnement pas à pas.",
    "Des ateliers sur l'estime de soi, la gestion du stress et l'expression orale complètent "
    "le parcours.",
    "En été, des permanences renforcées préparent la rentrée de septembre et évitent les "
    "ruptures entre le collège et le lycée.",
]
PHRASES_MOBILISER = [
    "Le professionnel qui repère le jeune remplit la fiche de liaison et l'adresse au référent "
    "de la structure porteuse.",
    "Le jeune ou sa famille peut se présenter directement à l'accueil, sans rendez-vous, du lundi "
    "au vendredi.",
    "Un premier entretien est proposé sous {delai_court} ; il se déroule en présence du jeune et, "
    "s'il est mineur, d'un représentant légal.",
    "La demande peut être faite par téléphone ou par courriel en précisant la situation scolaire "
    "du jeune et le moyen de le joindre.",
    "Pour un élève encore inscrit, la demande passe par le chef d'établissement ou le conseiller "
    "principal d'éducation.",
    "L'orientation est validée en cellule de veille éducative, qui se réunit une fois par mois.",
    "Prévoir le dernier bulletin scolaire et, le cas échéant, la notification d'affectation.",
    "Une préinscription en ligne est possible ; un conseiller rappelle le jeune dans la semaine.",
]
DUREES = [
    "six mois",
    "un an",
    "toute l'année scolaire",
    "trois mois renouvelables",
    "dix-huit mois",
]
DELAIS = ["trois mois", "six mois", "un trimestre", "quatre semaines"]
DELAIS_COURTS = ["huit jours", "quinze jours", "une semaine", "dix jours ouvrés"]
CONDITIONS = [
    "Résider dans l'agglomération.",
    "Être âgé de 16 ans révolus et ne plus être inscrit dans un établissement scolaire.",
    "Accord préalable du jeune et, pour un mineur, de ses représentants légaux.",
    "Habiter un quartier prioritaire de la politique de la ville.",
    "",
]
BASES_LEGALES = [
    "Article L. 313-7 du code de l'éducation (suivi des jeunes sortis sans diplôme).",
    "Article L. 114-1 du code de l'éducation (obligation de formation de 16 à 18 ans).",
    "Article L. 122-2 du code de l'éducation (droit au retour en formation).",
    "Circulaire interministérielle relative à la prévention du décrochage scolaire.",
]
CONTACTS = [
    "Référent décrochage du bassin",
    "Accueil du public",
    "Coordination du dispositif",
    "Conseiller en insertion référent",
    "Secrétariat du pôle jeunesse",
]

ACTIONS = {
    ActionEducative.Type.PRE: (["Parcours de réussite éducative"], (2, 16)),
    ActionEducative.Type.CLAS: (
        ["Club d'accompagnement à la scolarité", "Aide aux devoirs du soir"],
        (6, 15),
    ),
    ActionEducative.Type.ACCOMPAGNEMENT: (
        ["Soutien scolaire associatif", "Coup de pouce collège", "Tutorat étudiant"],
        (11, 18),
    ),
    ActionEducative.Type.LOISIRS: (
        ["Atelier théâtre et expression", "Club sciences et découvertes", "Sport et citoyenneté"],
        (8, 17),
    ),
    ActionEducative.Type.PARENTALITE: (
        ["Café des parents", "Atelier parents-collège", "Espace familles"],
        (None, None),
    ),
    ActionEducative.Type.AUTRE: (["Chantier éducatif", "Séjour de remobilisation"], (14, 21)),
}
PUBLICS_ACTION = {
    ActionEducative.Type.PRE: "Enfants et adolescents de 2 à 16 ans en fragilité et leurs parents",
    ActionEducative.Type.CLAS: "Écoliers et collégiens orientés par les équipes enseignantes",
    ActionEducative.Type.ACCOMPAGNEMENT: "Collégiens et lycéens des quartiers prioritaires",
    ActionEducative.Type.LOISIRS: "Jeunes du quartier, en priorité ceux repérés par les écoles",
    ActionEducative.Type.PARENTALITE: "Parents d'élèves du quartier",
    ActionEducative.Type.AUTRE: "Jeunes de 14 à 21 ans éloignés de toute structure",
}
PHRASES_ACTION = [
    "Chaque semaine, des bénévoles et des animateurs accueillent les {public} pour un temps "
    "d'aide méthodologique et d'ouverture culturelle.",
    "L'action favorise le lien entre les parents et l'école grâce à des rencontres régulières "
    "avec les enseignants.",
    "Les séances se déroulent au {lieu}, le mardi et le jeudi de 16 h 30 à 18 h 30.",
    "Des sorties au musée, à la médiathèque et au théâtre ponctuent l'année.",
    "Les animateurs repèrent les premiers signes de décrochage et orientent vers les dispositifs "
    "de droit commun.",
    "Un bilan individuel est partagé avec la famille à chaque fin de trimestre.",
    "L'équipe travaille en lien étroit avec le programme de réussite éducative et le collège de "
    "secteur.",
]
PERIODES_ACTION = [
    "Année scolaire, hors vacances",
    "Toute l'année, le mercredi après-midi",
    "Vacances scolaires",
    "De septembre à juin",
    "",
]

FICHES = [
    "Prévenir le décrochage scolaire et favoriser la persévérance",
    "Faire connaître les dispositifs de droit commun aux acteurs de quartier",
    "Renforcer le lien entre les familles et l'école",
    "Accompagner les jeunes sans solution vers la qualification",
    "Développer l'accès aux savoirs de base et à la maîtrise du français",
    "Soutenir la santé mentale des adolescents",
    "Favoriser la mobilité des jeunes vers la formation et l'emploi",
    "Mailler les actions éducatives hors temps scolaire",
]
LIGNES_FICHE = {
    "objectifs": [
        "Mieux repérer les jeunes en risque de décrochage",
        "Faire connaître les dispositifs existants aux acteurs de quartier",
        "Articuler les actions éducatives et les dispositifs de droit commun",
        "Partager les résultats avec les habitants",
    ],
    "realisations_attendues": [
        "Un support de présentation des dispositifs mis à jour chaque année",
        "Des séances d'animation dans chaque quartier",
        "Une journée de la persévérance scolaire",
    ],
    "effets_attendus": [
        "Moins de jeunes sans solution à la rentrée",
        "Des orientations plus rapides vers le bon dispositif",
        "Une meilleure coordination des acteurs",
    ],
    "echelles": ["Agglomération", "Quartiers prioritaires"],
    "animateurs": ["Délégation à la politique de la ville", "Éducation nationale"],
    "partenaires_mobilisables": [
        "Mission locale",
        "Centres sociaux",
        "Associations de parents d'élèves",
        "Habitants et conseils citoyens",
    ],
}
ETAPES = [
    "Recensement des dispositifs",
    "Séances d'animation par quartier",
    "Diffusion du support et bilan",
]

AXES = {
    1: ("Cohésion sociale", ["Éducation et réussite", "Santé", "Parentalité", "Culture"]),
    2: ("Cadre de vie et renouvellement urbain", ["Habitat", "Tranquillité publique"]),
    3: ("Emploi et développement économique", ["Insertion", "Accès à l'emploi", "Mobilité"]),
}
AXES_TRANSVERSAUX = [("T.1", "Égalité entre les femmes et les hommes"), ("T.2", "Jeunesse")]

# (libellé, nature, type de valeur, unité, origine, valeur globale typique)
INDICATEURS = [
    ("Nombre de jeunes repérés en situation de décrochage", "realisation", "nombre", "jeunes",
     "saisi", 400),
    ("Part des jeunes sans solution à la rentrée", "effet", "pourcentage", "%", "saisi", 12),
    ("Nombre de jeunes accompagnés vers une formation qualifiante", "effet", "nombre", "jeunes",
     "saisi", 250),
    ("Existence d'un support d'information partagé et à jour", "realisation", "oui_non", "",
     "saisi", 1),
    ("Nombre de familles reçues", "realisation", "nombre", "familles", "saisi", 300),
    ("Taux de retour en formation des jeunes suivis", "effet", "pourcentage", "%", "saisi", 55),
    ("Nombre de professionnels formés au repérage", "realisation", "nombre", "professionnels",
     "saisi", 80),
    ("Principaux freins relevés par les partenaires", "effet", "texte", "", "saisi", 0),
    ("Nombre d'exclusions temporaires de collégiens", "effet", "nombre", "élèves", "saisi", 150),
    ("Taux d'absentéisme des collégiens des quartiers", "effet", "pourcentage", "%", "saisi", 9),
    ("Séances partenariales tenues", "realisation", "nombre", "séances", "seances_tenues", 0),
    ("Articulations entre actions éducatives et dispositifs", "realisation", "nombre",
     "articulations", "articulations", 0),
]  # fmt: skip
SOURCES = [
    "Plateforme de suivi et d'appui aux décrocheurs",
    "Mission locale",
    "Rectorat – service statistique académique",
    "Bilans des porteurs",
]
FREINS = [
    "Mobilité vers les lieux de formation",
    "Méconnaissance des dispositifs par les familles",
    "Délais d'entrée en formation trop longs",
    "Santé mentale et isolement",
]
COMMENTAIRES_MESURE = [
    "Donnée provisoire, en attente de consolidation.",
    "Périmètre élargi cette année aux quartiers en veille active.",
    "Changement de mode de calcul par rapport à l'année précédente.",
]

ORDRE_DU_JOUR = [
    "Accueil et tour de table",
    "Présentation des dispositifs de droit commun mobilisables",
    "Retour sur les situations repérées depuis la dernière séance",
    "Préparation de la rentrée et jeunes sans solution",
    "Articulation avec les actions éducatives du quartier",
    "Bilan de la journée de la persévérance scolaire",
    "Calendrier des prochaines séances",
    "Questions diverses",
]
PHRASES_COMPTE_RENDU = [
    "Les partenaires ont présenté leurs dispositifs et précisé les modalités d'orientation.",
    "Plusieurs situations de jeunes sans solution ont été évoquées de manière anonyme.",
    "Les acteurs du quartier souhaitent disposer d'un support plus court, à jour de la rentrée.",
    "La mission locale rappelle que l'inscription est possible sans rendez-vous le mercredi.",
    "Une complémentarité a été identifiée entre l'aide aux devoirs et le parcours de "
    "remobilisation.",
    "Le collège propose d'accueillir la prochaine séance et d'y associer les parents délégués.",
    "La participation des associations sportives reste à renforcer.",
]
SUITES = [
    "Transmettre aux partenaires le support actualisé des dispositifs",
    "Organiser une rencontre entre le référent décrochage et l'équipe de l'aide aux devoirs",
    "Identifier un lieu de permanence dans le quartier",
    "Mettre à jour la fiche du dispositif dans le répertoire",
    "Associer les parents délégués à la prochaine séance",
    "Proposer une action commune pendant les vacances de printemps",
    "Faire remonter les besoins de transport au comité opérationnel",
]
ARTICULATIONS = {
    Articulation.Nature.ORIENTATION: "Les animateurs orientent les jeunes repérés vers le "
    "dispositif, après accord de la famille.",
    Articulation.Nature.RELAIS: "Le dispositif passe le relais à l'action éducative pour "
    "maintenir un lien pendant les vacances scolaires.",
    Articulation.Nature.COMPLEMENTARITE: "L'action éducative apporte l'ouverture culturelle et "
    "le dispositif l'accompagnement vers la qualification.",
    Articulation.Nature.CO_ANIMATION: "Un atelier mensuel est animé à deux voix par les équipes "
    "de l'action et du dispositif.",
}


def _de(texte):
    """« de » élidé devant une voyelle : « d'éviter », « de construire »."""
    return f"d'{texte}" if texte[:1].lower() in "aeiouyéèêh" else f"de {texte}"


@contextmanager
def _racinisation_memorisee():
    """Le racinisateur Snowball, en Python pur, coûte environ 0,1 ms par mot, soit 15 s pour
    3 000 dispositifs ; or les textes générés répètent le même vocabulaire. Le temps de
    l'indexation, chaque racine n'est donc calculée qu'une fois. Le résultat est identique
    (vérifié par tests/test_generer_volume.py) ; mémoriser dans dispositifs/recherche.py
    même rendrait ce détour inutile."""
    racinisateur = recherche._stemmer
    racine = functools.lru_cache(maxsize=None)(racinisateur.stemWord)

    class Memorise:
        # Les noms des méthodes de snowballstemmer.
        def stemWord(self, mot):
            return racine(mot)

        def stemWords(self, mots):
            return [racine(mot) for mot in mots]

    recherche._stemmer = Memorise()
    try:
        yield
    finally:
        recherche._stemmer = racinisateur


def _par_lots(iterable, taille):
    iterateur = iter(iterable)
    while lot := list(islice(iterateur, taille)):
        yield lot


@dataclass
class Resultat:
    lot: str
    facteur: float
    graine: int
    effectifs: dict = field(default_factory=dict)
    supprimes: int = 0
    duree: float = 0.0


class Generateur:
    def __init__(self, *, facteur, graine=GRAINE_PAR_DEFAUT, taille_lot=TAILLE_LOT_SQL):
        if facteur <= 0:
            raise VolumeImpossible("Le facteur doit être strictement positif.")
        self.facteur = facteur
        self.graine = graine
        self.effectifs = effectifs(facteur)
        self.taille_lot = taille_lot
        self.rng = random.Random(graine)
        self.tz = timezone.get_default_timezone()
        self.maintenant = timezone.now()
        self.crees = {}

    # --- Outils ----------------------------------------------------------------------------

    def _inserer(self, modele, objets, libelle=None):
        objets = modele.objects.bulk_create(objets, batch_size=self.taille_lot)
        libelle = libelle or str(modele._meta.verbose_name_plural)
        self.crees[libelle] = self.crees.get(libelle, 0) + len(objets)
        return objets

    def _lier(self, relation, paires):
        """Insère les lignes d'une table d'association (`Dispositif.quartiers`…) en masse."""
        champ = relation.field
        source, cible = champ.m2m_field_name(), champ.m2m_reverse_field_name()
        through = relation.through
        lignes = [through(**{f"{source}_id": a, f"{cible}_id": b}) for a, b in paires]
        return self._inserer(through, lignes, libelle="liens (tables d'association)")

    def _instant(self, debut, fin):
        return debut + timedelta(seconds=self.rng.randrange(int((fin - debut).total_seconds())))

    def _date_heure(self, jour, heure, minute=0):
        return datetime(jour.year, jour.month, jour.day, heure, minute, tzinfo=self.tz)

    def _publication(self):
        statut = self.rng.choices(STATUTS, weights=POIDS_STATUTS)[0]
        cree_le = self._instant(self._date_heure(date(2016, 1, 1), 9), self.maintenant)
        publie_le = None
        if statut in (Statut.PUBLIE, Statut.ARCHIVE):
            publie_le = min(cree_le + timedelta(days=self.rng.randint(0, 60)), self.maintenant)
        verifie_le = None
        if statut == Statut.PUBLIE and self.rng.random() < 0.7:
            verifie_le = (self.maintenant - timedelta(days=self.rng.randint(0, 700))).date()
        return {
            "statut": statut,
            "cree_le": cree_le,
            "publie_le": publie_le,
            "statut_modifie_le": publie_le or cree_le,
            "verifie_le": verifie_le,
        }

    def _phrases(self, banque, nombre, **valeurs):
        return " ".join(p.format(**valeurs) for p in self.rng.sample(banque, nombre))

    def _echantillon(self, taille_espace, nombre, quoi):
        if nombre > taille_espace:
            raise VolumeImpossible(
                f"Facteur {self.facteur} trop petit : {nombre} {quoi} demandés pour "
                f"{taille_espace} combinaisons distinctes possibles."
            )
        return sorted(self.rng.sample(range(taille_espace), nombre))

    # --- Lot ---------------------------------------------------------------------------------

    def generer(self, *, vider_avant=False):
        debut = time.perf_counter()
        with transaction.atomic():
            supprimes = vider() if vider_avant else 0
            numero = prochain_numero_de_lot()
            self.lot = f"{PREFIXE}r{numero}"
            self.numero = numero
            self._territoire()
            self._structures()
            self._referentiels()
            self._dispositifs()
            self._fiches()
            self._indicateurs()
            self._actions()
            self._seances()
            self._articulations()
            self._mesures()
            # bulk_create n'émet aucun signal : les pages en cache sont invalidées ici.
            donnees_modifiees()
        return Resultat(
            lot=self.lot,
            facteur=self.facteur,
            graine=self.graine,
            effectifs=self.crees,
            supprimes=supprimes,
            duree=time.perf_counter() - debut,
        )

    def _slug(self, nom, rang):
        return f"{self.lot}-{slugify(nom)[:50].strip('-')}-{rang}"

    def _territoire(self):
        rng = self.rng
        (self.contrat,) = self._inserer(
            ContratDeVille,
            [
                ContratDeVille(
                    nom=f"Contrat de ville synthétique n° {self.numero} – {TERRITOIRE}",
                    slug=self.lot,
                    territoire=TERRITOIRE,
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
        piliers = self._inserer(
            Pilier,
            [Pilier(contrat=self.contrat, numero=n, intitule=i) for n, (i, _) in AXES.items()],
        )
        self.axes = self._inserer(
            Axe,
            [
                Axe(pilier=pilier, numero=rang, intitule=intitule)
                for pilier in piliers
                for rang, intitule in enumerate(AXES[pilier.numero][1], start=1)
            ],
        )
        self.axes_transversaux = self._inserer(
            AxeTransversal,
            [
                AxeTransversal(contrat=self.contrat, code=c, intitule=i)
                for c, i in AXES_TRANSVERSAUX
            ],
        )
        quartiers = []
        combinaisons = [(t, n) for n in NOMS_QUARTIER for t in TYPES_QUARTIER]
        rng.shuffle(combinaisons)
        for rang in range(self.effectifs["quartiers"]):
            type_, nom = combinaisons[rang % len(combinaisons)]
            nom = f"{type_} {nom}"
            if rang >= len(combinaisons):
                nom = f"{nom} {rang // len(combinaisons) + 1}"
            prioritaire = rng.random() < 0.8
            quartiers.append(
                Quartier(
                    contrat=self.contrat,
                    nom=nom,
                    slug=self._slug(nom, rang + 1),
                    commune=rng.choice(COMMUNES)[0],
                    code_qpv=f"QV{self.numero:03d}{rang + 1:05d}" if prioritaire else "",
                    categorie=(
                        Quartier.Categorie.PRIORITAIRE if prioritaire else Quartier.Categorie.VEILLE
                    ),
                    depuis=rng.choice([2015, 2015, 2015, 2024]),
                    population=rng.randrange(1200, 12000, 10),
                )
            )
        self.quartiers = self._inserer(Quartier, quartiers)

    def _structures(self):
        rng = self.rng
        poids = [p for _, p, _ in MODELES_STRUCTURE]
        structures = []
        for rang in range(self.effectifs["structures"]):
            type_, _, modeles = rng.choices(MODELES_STRUCTURE, weights=poids)[0]
            modele, sigle = rng.choice(modeles)
            commune, code_postal = rng.choice(COMMUNES)
            quartier = rng.choice(self.quartiers)
            nom = modele.format(
                commune=commune,
                personne=rng.choice(PERSONNALITES),
                association=rng.choice(NOMS_ASSOCIATION),
                quartier=quartier.nom,
            )
            domaine = f"{slugify(nom)[:30].strip('-')}.example.org"
            structures.append(
                Structure(
                    **self._publication(),
                    nom=nom,
                    sigle=sigle,
                    slug=self._slug(nom, rang + 1),
                    type=type_,
                    description=(
                        f"{nom} accueille et accompagne les habitants de {commune}. "
                        "La structure participe aux séances partenariales du contrat de ville et "
                        "relaie l'information sur les dispositifs auprès des familles."
                    ),
                    site_web=f"https://{domaine}/",
                    contact=rng.choice(CONTACTS),
                    courriel=f"contact@{domaine}",
                    telephone=f"02 47 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    adresse=f"{rng.randint(1, 120)} rue des {rng.choice(NOMS_QUARTIER)}",
                    code_postal=code_postal,
                    commune=commune,
                )
            )
        self.structures = self._inserer(Structure, structures)

    def _referentiels(self):
        # Les référentiels ne font pas partie du lot : ceux de la démonstration servent tels quels.
        for ordre, (code, libelle, scolarise) in enumerate(SITUATIONS, start=1):
            Situation.objects.get_or_create(
                code=code, defaults={"libelle": libelle, "ordre": ordre, "scolarise": scolarise}
            )
        for code, libelle in THEMATIQUES:
            Thematique.objects.get_or_create(code=code, defaults={"libelle": libelle})
        self.situations = list(Situation.objects.order_by("code"))
        self.thematiques = list(Thematique.objects.order_by("code"))

    def _situations_pour(self, age_min, age_max):
        if age_max is not None and age_max <= 16:
            vivier = [s for s in self.situations if s.scolarise is not False]
        elif age_min is not None and age_min >= 16:
            vivier = [s for s in self.situations if s.scolarise is not True]
        else:
            vivier = self.situations
        vivier = vivier or self.situations
        return self.rng.sample(vivier, min(len(vivier), self.rng.randint(1, 3)))

    def _dispositifs(self):
        rng = self.rng
        categories = list(NOMS_DISPOSITIF)
        ages = [(11, 16), (12, 18), (15, 18), (16, 18), (16, 25), (16, 29), (13, 25), (6, 16),
                (None, 25), (16, None), (None, None)]  # fmt: skip
        echelles = list(Echelle)
        dispositifs, liens = [], {"situations": [], "quartiers": [], "thematiques": []}
        partenaires = []
        for rang in range(self.effectifs["dispositifs"]):
            categorie = rng.choices(categories, weights=POIDS_CATEGORIES)[0]
            nom, feminin = rng.choice(NOMS_DISPOSITIF[categorie])
            qualificatif = rng.choice(QUALIFICATIFS)[1 if feminin else 0]
            echelle = rng.choices(echelles, weights=[35, 30, 15, 10, 10])[0]
            couverts = rng.sample(self.quartiers, min(len(self.quartiers), rng.randint(1, 5)))
            lieu = couverts[0].nom if echelle == Echelle.QUARTIERS else LIEUX[echelle]
            nom = f"{nom} {qualificatif} {rng.choice(OBJETS)} – {lieu}"
            age_min, age_max = rng.choice(ages)
            public, objectif = rng.choice(PUBLICS), rng.choice(OBJECTIFS)
            valeurs = {
                "public": public,
                "objectif": objectif,
                "de_objectif": _de(objectif),
                "duree": rng.choice(DUREES),
                "lieu": f"centre social {rng.choice(self.quartiers).nom}",
                "delai": rng.choice(DELAIS),
                "delai_court": rng.choice(DELAIS_COURTS),
            }
            saisonnier = rng.random() < 0.1
            porteur = rng.choice(self.structures)
            domaine = f"{slugify(porteur.nom)[:30].strip('-')}.example.org"
            dispositifs.append(
                Dispositif(
                    **self._publication(),
                    nom=f"{nom} {rang + 1}",
                    sigle=rng.choice(SIGLES) if rng.random() < 0.3 else "",
                    slug=self._slug(nom, rang + 1),
                    categorie=categorie,
                    porteur=porteur,
                    resume=rng.choice(MODELES_RESUME).format(**valeurs)[:400],
                    description=self._phrases(PHRASES_DESCRIPTION, rng.randint(3, 6), **valeurs),
                    age_min=age_min,
                    age_max=age_max,
                    diplome=(
                        Dispositif.Diplome.SANS_DIPLOME
                        if age_min and age_min >= 16 and rng.random() < 0.5
                        else Dispositif.Diplome.INDIFFERENT
                    ),
                    reserve_qpv=rng.random() < 0.15,
                    mois_debut=8 if saisonnier else None,
                    mois_fin=10 if saisonnier else None,
                    conditions_acces=rng.choice(CONDITIONS),
                    comment_mobiliser=self._phrases(
                        PHRASES_MOBILISER, rng.randint(2, 3), **valeurs
                    ),
                    mobilisable_par=rng.choices(
                        Dispositif.MobilisablePar.values, weights=[45, 15, 40]
                    )[0],
                    contact=rng.choice(CONTACTS),
                    telephone=f"02 47 {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
                    courriel=f"orientation@{domaine}",
                    site_web=f"https://{domaine}/dispositifs/{rang + 1}/",
                    echelle=echelle,
                    date_creation=date(rng.randint(2005, 2024), rng.randint(1, 12), 1),
                    base_legale=rng.choice(BASES_LEGALES) if rng.random() < 0.3 else "",
                    source=rng.choice(SOURCES),
                )
            )
            liens["situations"].append(self._situations_pour(age_min, age_max))
            liens["quartiers"].append(couverts if echelle == Echelle.QUARTIERS else [])
            liens["thematiques"].append(
                rng.sample(self.thematiques, min(len(self.thematiques), rng.randint(1, 3)))
            )
            autres = rng.sample(self.structures, min(5, len(self.structures)))
            partenaires.append([s for s in autres if s is not porteur][: rng.randint(0, 4)])
        with _racinisation_memorisee():
            for dispositif in dispositifs:
                dispositif.indexer()  # ce que ferait save(), que bulk_create n'appelle pas
        self.dispositifs = self._inserer(Dispositif, dispositifs)
        for nom_relation, cibles in liens.items():
            self._lier(
                getattr(Dispositif, nom_relation),
                [(d.pk, c.pk) for d, cs in zip(self.dispositifs, cibles, strict=True) for c in cs],
            )
        self._lier(
            Dispositif.partenaires,
            [(d.pk, s.pk) for d, ss in zip(self.dispositifs, partenaires, strict=True) for s in ss],
        )

    def _fiches(self):
        rng = self.rng
        fiches = []
        for rang in range(self.effectifs["fiches"]):
            titre = FICHES[rang % len(FICHES)]
            fiches.append(
                Fiche(
                    **self._publication(),
                    contrat=self.contrat,
                    axe=rng.choice(self.axes),
                    code=f"V{self.numero}.{rang + 1}",
                    version=rng.choice(["2017", "2020", "2024"]),
                    titre=titre,
                    enjeu=f"Enjeu : {titre.lower()} dans les quartiers prioritaires.",
                    contexte="\n".join(rng.sample(PHRASES_COMPTE_RENDU, 2)),
                    acteurs_a_informer="Acteurs éducatifs, sociaux et associatifs des quartiers",
                    outil_de_reperage="Fiche de liaison partagée entre partenaires",
                    dispositifs_concernes="Voir les dispositifs du répertoire liés à la fiche.",
                    liens="Axe transversal « Jeunesse »",
                    **{
                        section: "\n".join(rng.sample(lignes, min(3, len(lignes))))
                        for section, lignes in LIGNES_FICHE.items()
                    },
                )
            )
        self.fiches = self._inserer(Fiche, fiches)
        etapes = [
            EtapeCalendrier(
                fiche=fiche,
                ordre=ordre,
                periode=str(2016 + ordre),
                date_debut=date(2016 + ordre, 1, 1),
                date_fin=date(2016 + ordre, 12, 31),
                description=description,
            )
            for fiche in self.fiches
            for ordre, description in enumerate(ETAPES)
        ]
        self._inserer(EtapeCalendrier, etapes)
        self._lier(
            Fiche.dispositifs,
            [
                (f.pk, d.pk)
                for f in self.fiches
                for d in rng.sample(
                    self.dispositifs, min(len(self.dispositifs), rng.randint(5, 15))
                )
            ],
        )
        self._lier(
            Fiche.axes_transversaux,
            [
                (f.pk, a.pk)
                for f in self.fiches
                for a in rng.sample(self.axes_transversaux, rng.randint(1, 2))
            ],
        )
        self._lier(
            Fiche.fiches_liees,
            [
                (f.pk, autre.pk)
                for f in self.fiches
                for autre in rng.sample(self.fiches, min(len(self.fiches), rng.randint(0, 2)))
                if autre is not f
            ],
        )

    def _indicateurs(self):
        indicateurs = []
        for rang in range(self.effectifs["indicateurs"]):
            libelle, nature, type_valeur, unite, calcul, _ = INDICATEURS[rang % len(INDICATEURS)]
            indicateurs.append(
                Indicateur(
                    **self._publication(),
                    fiche=self.fiches[rang % len(self.fiches)],
                    nature=nature,
                    ordre=rang // len(self.fiches) + 1,
                    libelle=libelle,
                    type_valeur=type_valeur,
                    unite=unite,
                    calcul=calcul,
                    source=self.rng.choice(SOURCES),
                    cible="Progression chaque année" if type_valeur == "nombre" else "",
                    definition="Valeur annuelle, consolidée au 31 décembre.",
                )
            )
        self.indicateurs = self._inserer(Indicateur, indicateurs)
        # (indicateur, type de valeur, ordre de grandeur) des seuls indicateurs saisis : les
        # autres sont calculés par le portail à partir des données et n'ont pas de mesure.
        self.saisis = [
            (indicateur, indicateur.type_valeur, INDICATEURS[rang % len(INDICATEURS)][5])
            for rang, indicateur in enumerate(self.indicateurs)
            if indicateur.calcul == Indicateur.Calcul.SAISI
        ]

    def _actions(self):
        rng = self.rng
        types = list(ACTIONS)
        actions, quartiers = [], []
        for rang in range(self.effectifs["actions"]):
            type_ = rng.choices(types, weights=[10, 30, 25, 15, 12, 8])[0]
            noms, (age_min, age_max) = ACTIONS[type_]
            couverts = rng.sample(self.quartiers, min(len(self.quartiers), rng.randint(1, 3)))
            nom = f"{rng.choice(noms)} – {couverts[0].nom}"
            valeurs = {"public": "enfants inscrits", "lieu": f"centre social {couverts[0].nom}"}
            actions.append(
                ActionEducative(
                    **self._publication(),
                    nom=f"{nom} {rang + 1}",
                    slug=self._slug(nom, rang + 1),
                    type=type_,
                    porteur=rng.choice(self.structures),
                    public=PUBLICS_ACTION[type_],
                    age_min=age_min,
                    age_max=age_max,
                    description=self._phrases(PHRASES_ACTION, rng.randint(3, 5), **valeurs),
                    periode=rng.choice(PERIODES_ACTION),
                    est_exemple=True,
                )
            )
            quartiers.append(couverts)
        self.actions = self._inserer(ActionEducative, actions)
        self._lier(
            ActionEducative.quartiers,
            [(a.pk, q.pk) for a, qs in zip(self.actions, quartiers, strict=True) for q in qs],
        )

    def _jour_ouvre(self):
        premier, dernier = date(ANNEES_SEANCES[0], 1, 1), date(ANNEES_SEANCES[1], 12, 31)
        while True:
            jour = premier + timedelta(days=self.rng.randrange((dernier - premier).days + 1))
            if jour.weekday() < 5 and jour.month != 8:
                return jour

    def _seances(self):
        rng = self.rng
        types = Seance.Type.values
        nombre = self.effectifs["seances"]
        seances, fiches, dispositifs = [], [], []
        for _ in range(nombre):
            type_ = rng.choices(types, weights=[25, 10, 15, 40, 10])[0]
            a_quartier = type_ == Seance.Type.ANIMATION_QUARTIER or (
                type_ == Seance.Type.GROUPE_TECHNIQUE and rng.random() < 0.3
            )
            quartier = rng.choice(self.quartiers) if a_quartier else None
            journee = type_ == Seance.Type.PERSEVERANCE
            debut = self._date_heure(self._jour_ouvre(), 9 if journee else rng.choice([9, 14, 17]))
            fin = debut + timedelta(hours=7 if journee else rng.choice([1.5, 2, 2.5, 3]))
            if debut < self.maintenant:
                etat = rng.choices(Seance.Etat.values, weights=[4, 88, 8])[0]
            else:
                etat = rng.choices(Seance.Etat.values, weights=[95, 0, 5])[0]
            tenue = etat == Seance.Etat.TENUE
            libelle = Seance.Type(type_).label
            titre = f"{libelle} – {quartier.nom}" if quartier else libelle
            seances.append(
                Seance(
                    **self._publication(),
                    type=type_,
                    titre=f"{titre}, {debut:%m/%Y}",
                    debut=debut,
                    fin=fin,
                    lieu=(
                        f"Centre social {quartier.nom}, salle polyvalente"
                        if quartier
                        else f"Hôtel communautaire, salle {rng.choice(NOMS_QUARTIER)}"
                    ),
                    echelle=Seance.Echelle.QUARTIER if quartier else Seance.Echelle.AGGLOMERATION,
                    quartier=quartier,
                    animateur=rng.choice(self.structures),
                    ordre_du_jour="\n".join(rng.sample(ORDRE_DU_JOUR, rng.randint(3, 5))),
                    etat=etat,
                    compte_rendu=self._phrases(PHRASES_COMPTE_RENDU, 3) if tenue else "",
                    compte_rendu_publie=tenue and rng.random() < 0.8,
                    est_exemple=True,
                )
            )
            # Toute séance générée est liée à une fiche du lot : c'est ainsi que `vider()`
            # la reconnaît.
            fiches.append(rng.sample(self.fiches, min(len(self.fiches), rng.randint(1, 2))))
            dispositifs.append(
                rng.sample(self.dispositifs, min(len(self.dispositifs), rng.randint(0, 4)))
            )
        self.seances = self._inserer(Seance, seances)
        self._lier(
            Seance.fiches,
            [(s.pk, f.pk) for s, fs in zip(self.seances, fiches, strict=True) for f in fs],
        )
        self._lier(
            Seance.dispositifs,
            [(s.pk, d.pk) for s, ds in zip(self.seances, dispositifs, strict=True) for d in ds],
        )
        self._participations_et_suites()

    def _repartition(self, moyenne):
        """Un effectif par séance, de moyenne-1 à moyenne+1, dont la somme vaut exactement
        moyenne × séances : les totaux restent prévisibles, les séances variées."""
        nombre = len(self.seances)
        tiers = nombre // 3
        repartition = [moyenne - 1] * tiers + [moyenne + 1] * tiers
        repartition += [moyenne] * (nombre - len(repartition))
        self.rng.shuffle(repartition)
        return repartition

    def _participations_et_suites(self):
        rng = self.rng
        participations, suites = [], []
        presences = Participation.Presence.values
        natures = Suite.Nature.values
        for seance, k in zip(
            self.seances, self._repartition(PARTICIPATIONS_PAR_SEANCE), strict=True
        ):
            for structure in rng.sample(self.structures, min(k, len(self.structures))):
                participations.append(
                    Participation(
                        seance=seance,
                        structure=structure,
                        nombre_personnes=rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0],
                        presence=rng.choices(presences, weights=[85, 15])[0],
                    )
                )
        for seance, k in zip(self.seances, self._repartition(SUITES_PAR_SEANCE), strict=True):
            for _ in range(k):
                echeance = (seance.debut + timedelta(days=rng.randint(30, 120))).date()
                if echeance < self.maintenant.date():
                    etat = rng.choices(Suite.Etat.values, weights=[10, 20, 60, 10])[0]
                else:
                    etat = rng.choices(Suite.Etat.values, weights=[70, 30, 0, 0])[0]
                suites.append(
                    Suite(
                        seance=seance,
                        nature=rng.choice(natures),
                        description=rng.choice(SUITES),
                        responsable=rng.choice(self.structures) if rng.random() < 0.9 else None,
                        echeance=echeance,
                        etat=etat,
                    )
                )
        self._inserer(Participation, participations)
        self._inserer(Suite, suites)

    def _articulations(self):
        rng = self.rng
        nb_dispositifs = len(self.dispositifs)
        tenues = [s for s in self.seances if s.etat == Seance.Etat.TENUE]
        articulations = []
        for indice in self._echantillon(
            len(self.actions) * nb_dispositifs, self.effectifs["articulations"], "articulations"
        ):
            action, dispositif = divmod(indice, nb_dispositifs)
            nature = rng.choice(Articulation.Nature.values)
            articulations.append(
                Articulation(
                    **self._publication(),
                    action=self.actions[action],
                    dispositif=self.dispositifs[dispositif],
                    nature=nature,
                    description=ARTICULATIONS[nature],
                    seance=rng.choice(tenues) if tenues and rng.random() < 0.4 else None,
                    est_exemple=True,
                )
            )
        self._inserer(Articulation, articulations)

    # --- Mesures ---------------------------------------------------------------------------

    def _mesures(self):
        """Mesures réparties sur indicateurs saisis × années × (global, quartier, dispositif,
        quartier et dispositif), sans jamais deux fois la même combinaison : c'est ce qu'imposent
        les index uniques partiels de Mesure."""
        saisis = self.saisis
        nb_q, nb_d = len(self.quartiers), len(self.dispositifs)
        voulu = self.effectifs["mesures"]
        # Les petits facteurs n'ont pas assez de combinaisons sur dix ans : on remonte le temps.
        par_annee = len(saisis) * (1 + nb_q) * (1 + nb_d)
        nb_annees = max(ANNEES_MESURES[1] - ANNEES_MESURES[0] + 1, -(-voulu // par_annee))
        nb_annees = min(nb_annees, ANNEES_MESURES[1] - ANNEE_MESURE_MINIMALE + 1)
        self.annees = list(range(ANNEES_MESURES[1] - nb_annees + 1, ANNEES_MESURES[1] + 1))
        # (nom, dimensions) ; chaque couche est un produit cartésien numéroté.
        couches = [
            ("globale", (len(saisis), nb_annees)),
            ("quartier", (len(saisis), nb_annees, nb_q)),
            ("dispositif", (len(saisis), nb_annees, nb_d)),
            ("croisée", (len(saisis), nb_annees, nb_q, nb_d)),
        ]
        tailles = [_produit(dims) for _, dims in couches]
        parts = self._parts(voulu, tailles, poids=[None, 50, 40, 10])
        mesures = (
            self._mesure(saisis, nom, _decomposer(indice, dims))
            for (nom, dims), taille, part in zip(couches, tailles, parts, strict=True)
            for indice in self._echantillon(taille, part, "mesures")
        )
        # Par paquets, pour ne pas garder en mémoire 200 000 objets au facteur 10.
        for paquet in _par_lots(mesures, self.taille_lot * 5):
            self._inserer(Mesure, paquet)

    @staticmethod
    def _parts(voulu, tailles, poids):
        """Répartit `voulu` entre les couches : la globale d'abord et en entier, puis le reste
        au prorata des poids, le trop-plein d'une couche pleine allant aux suivantes."""
        if voulu > sum(tailles):
            return [voulu] + [0] * (len(tailles) - 1)  # _echantillon lèvera VolumeImpossible
        parts = [min(voulu, tailles[0])] + [0] * (len(tailles) - 1)
        reste = voulu - parts[0]
        ouvertes = [i for i in range(1, len(tailles)) if tailles[i] > 0]
        while reste and ouvertes:
            total, base = sum(poids[i] for i in ouvertes), reste
            for i in list(ouvertes):
                ajout = min(tailles[i] - parts[i], max(1, base * poids[i] // total), reste)
                parts[i] += ajout
                reste -= ajout
                if parts[i] == tailles[i]:
                    ouvertes.remove(i)
                if not reste:
                    break
        return parts

    def _mesure(self, saisis, couche, coordonnees):
        rng = self.rng
        indicateur, type_valeur, reference = saisis[coordonnees[0]]
        annee = self.annees[coordonnees[1]]
        quartier = dispositif = None
        if couche == "quartier":
            quartier = self.quartiers[coordonnees[2]]
        elif couche == "dispositif":
            dispositif = self.dispositifs[coordonnees[2]]
        elif couche == "croisée":
            quartier = self.quartiers[coordonnees[2]]
            dispositif = self.dispositifs[coordonnees[3]]
        valeur, texte = None, ""
        if type_valeur == Indicateur.TypeValeur.NOMBRE:
            echelle = 1 if couche == "globale" else (8 if couche == "croisée" else 3)
            tendance = 1 + 0.04 * (annee - ANNEES_MESURES[0])
            valeur = Decimal(max(0, round(reference * tendance / echelle * rng.uniform(0.1, 1.3))))
        elif type_valeur == Indicateur.TypeValeur.POURCENTAGE:
            valeur = Decimal(f"{min(100.0, reference * rng.uniform(0.5, 1.6)):.1f}")
        elif type_valeur == Indicateur.TypeValeur.OUI_NON:
            oui = rng.random() < 0.8
            valeur, texte = Decimal(int(oui)), "oui" if oui else "non"
        else:
            texte = rng.choice(FREINS)
        return Mesure(
            indicateur=indicateur,
            periode=annee,
            quartier=quartier,
            dispositif=dispositif,
            valeur=valeur,
            valeur_texte=texte,
            source=indicateur.source,
            commentaire=rng.choice(COMMENTAIRES_MESURE) if rng.random() < 0.1 else "",
            est_exemple=True,
        )


def _produit(dimensions):
    total = 1
    for dimension in dimensions:
        total *= dimension
    return total


def _decomposer(indice, dimensions):
    """Indice d'un produit cartésien → coordonnées (numérotation mixte, dernière dimension la
    plus rapide)."""
    coordonnees = []
    for dimension in reversed(dimensions):
        indice, reste = divmod(indice, dimension)
        coordonnees.append(reste)
    return coordonnees[::-1]


def prochain_numero_de_lot():
    numeros = [
        int(slug.removeprefix(f"{PREFIXE}r"))
        for slug in ContratDeVille.objects.filter(slug__regex=r"^vol-r[0-9]+$").values_list(
            "slug", flat=True
        )
    ]
    return max(numeros, default=0) + 1


@transaction.atomic
def vider():
    """Supprime les données de tous les lots de volume, et rien d'autre. Renvoie le nombre de
    lignes supprimées."""
    contrats = ContratDeVille.objects.filter(slug__regex=MARQUE_LOT)
    fiches = Fiche.objects.filter(contrat__in=contrats)
    quartiers = Quartier.objects.filter(contrat__in=contrats)
    seances = Seance.objects.filter(
        pk__in=Seance.objects.filter(Q(fiches__in=fiches) | Q(quartier__in=quartiers)).values("pk")
    )
    # Tables feuilles (rien ne pointe vers elles) et volumineuses : un DELETE direct évite au
    # collecteur de Django de charger chaque ligne pour rien.
    total = sum(
        _supprimer_directement(queryset)
        for queryset in (
            Mesure.objects.filter(indicateur__fiche__in=fiches),
            Participation.objects.filter(seance__in=seances),
            Suite.objects.filter(seance__in=seances),
        )
    )
    # Le reste passe par delete() pour que CASCADE, PROTECT et SET_NULL s'appliquent ; sans
    # ce réglage, django-simple-history écrirait une ligne d'historique par ligne supprimée.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for queryset in (
            seances,
            ActionEducative.objects.filter(slug__regex=MARQUE_LOT),
            Dispositif.objects.filter(slug__regex=MARQUE_LOT),
            fiches,
            Structure.objects.filter(slug__regex=MARQUE_LOT),
            contrats,
        ):
            total += queryset.delete()[0]
    donnees_modifiees()  # les DELETE directs n'émettent aucun signal
    return total


def _supprimer_directement(queryset):
    meta, nom = queryset.model._meta, connection.ops.quote_name
    sous_requete, parametres = queryset.values("pk").query.sql_with_params()
    # Noms de table et de colonne quotés, valeurs passées en paramètres.
    requete = f"DELETE FROM {nom(meta.db_table)} WHERE {nom(meta.pk.column)} IN ({sous_requete})"  # noqa: S608
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        return curseur.rowcount


def generer(*, facteur, graine=GRAINE_PAR_DEFAUT, vider_avant=False):
    return Generateur(facteur=facteur, graine=graine).generer(vider_avant=vider_avant)
