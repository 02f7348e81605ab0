"""Le répertoire en données ouvertes, au schéma data·inclusion v1 (services et structures).

Chaque dispositif publié devient un `Service`, chaque structure publiée une `Structure`. Les
listes `CHAMPS_SERVICE` et `CHAMPS_STRUCTURE` donnent l'ordre des colonnes (CSV) et la
documentation de `/donnees/` : une seule source pour l'export et sa description.

Les contraintes du schéma sont tenues ici (longueurs du nom et de la description, formats du
code postal et du SIRET) : une valeur qui ne les respecte pas est raccourcie ou omise, jamais
exportée telle quelle. Les tests valident chaque enregistrement avec les modèles pydantic du
paquet `data-inclusion-schema` (dépendance de test seulement).
"""

import re

from django.conf import settings
from django.utils import timezone

from contrat_ville.models import Structure
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif, Echelle

SEPARATEUR_LISTE = "|"
NOM_MIN, NOM_MAX = 3, 150
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10_000
CODE_POSTAL = re.compile(r"\d{5}")
SIRET = re.compile(r"\d{14}")

MOBILISABLE_PAR = {
    Dispositif.MobilisablePar.PROFESSIONNELS: ["professionnels"],
    Dispositif.MobilisablePar.JEUNES: ["usagers"],
    Dispositif.MobilisablePar.LES_DEUX: ["professionnels", "usagers"],
}
# Seules les catégories sans ambiguïté ont un type de service ; les autres restent vides.
TYPES_DE_SERVICE = {
    Dispositif.Categorie.ACCOMPAGNEMENT: "accompagnement",
    Dispositif.Categorie.REFERENT: "accompagnement",
    Dispositif.Categorie.MISSION: "accompagnement",
    Dispositif.Categorie.PLATEFORME: "information",
    Dispositif.Categorie.RESEAU: "information",
    Dispositif.Categorie.SERVICE_EN_LIGNE: "information",
    Dispositif.Categorie.EVENEMENT: "information",
}
RESEAUX_PORTEURS = {
    Structure.Type.MISSION_LOCALE: "mission-locale",
    Structure.Type.CAF: "caf",
    Structure.Type.COMMUNE: "communes",
    Structure.Type.DEPARTEMENT: "departements",
    Structure.Type.REGION: "regions",
}

CHAMPS_SERVICE = [
    ("source", "Identifiant du producteur de la donnée, le même pour tout l’export."),
    ("structure_id", "Identifiant (id) de la structure qui porte le dispositif."),
    ("id", "Identifiant du dispositif : celui de son adresse sur le portail."),
    ("nom", "Nom du dispositif (150 caractères au plus)."),
    ("description", "Le dispositif en quelques mots, puis sa description détaillée."),
    ("lien_source", "Adresse de la page du dispositif sur le portail."),
    ("date_maj", "Date de dernière modification sur le portail (AAAA-MM-JJ)."),
    ("type", "Type de service, déduit de la catégorie quand elle est sans ambiguïté."),
    ("thematiques", "Thématiques du référentiel data·inclusion."),
    ("frais", "Non renseigné."),
    ("frais_precisions", "Non renseigné."),
    (
        "publics",
        "« jeunes », et « residents-qpv-frr » pour un dispositif réservé aux quartiers "
        "prioritaires ou limité à certains quartiers.",
    ),  # fmt: skip
    ("publics_precisions", "Âges, situations visées, condition de diplôme, quartiers couverts."),
    ("conditions_acces", "Conditions d’accès."),
    ("commune", "Commune de la structure porteuse."),
    ("code_postal", "Code postal de la structure porteuse."),
    ("code_insee", "Non renseigné."),
    ("adresse", "Adresse de la structure porteuse."),
    ("complement_adresse", "Non renseigné."),
    ("longitude", "Non renseigné."),
    ("latitude", "Non renseigné."),
    ("telephone", "Téléphone du dispositif."),
    ("courriel", "Courriel du dispositif (adresse de service, jamais personnelle)."),
    ("modes_accueil", "Non renseigné."),
    ("zone_eligibilite", "« france » pour un dispositif national ; vide sinon."),
    ("contact_nom_prenom", "Toujours vide : le portail ne publie aucun nom de personne."),
    ("lien_mobilisation", "Site web du dispositif."),
    (
        "modes_mobilisation",
        "Téléphoner, envoyer un courriel, utiliser le lien : selon les contacts renseignés.",
    ),  # fmt: skip
    (
        "mobilisable_par",
        "« professionnels », « usagers » (les jeunes et leurs familles), ou les deux.",
    ),  # fmt: skip
    ("mobilisation_precisions", "Comment le mobiliser, et le contact (fonction ou service)."),
    ("volume_horaire_hebdomadaire", "Non renseigné."),
    ("nombre_semaines", "Non renseigné."),
    ("horaires_accueil", "Non renseigné."),
]
CHAMPS_STRUCTURE = [
    ("source", "Identifiant du producteur de la donnée, le même pour tout l’export."),
    ("id", "Identifiant de la structure sur le portail."),
    ("nom", "Nom de la structure (150 caractères au plus)."),
    ("date_maj", "Date de dernière modification sur le portail (AAAA-MM-JJ)."),
    ("description", "Présentation de la structure."),
    ("lien_source", "Non renseigné : le portail n’a pas de page par structure."),
    ("siret", "Numéro SIRET, quand il a 14 chiffres."),
    ("commune", "Commune."),
    ("code_postal", "Code postal, quand il a 5 chiffres."),
    ("code_insee", "Non renseigné."),
    ("adresse", "Adresse."),
    ("complement_adresse", "Non renseigné."),
    ("longitude", "Non renseigné."),
    ("latitude", "Non renseigné."),
    ("telephone", "Téléphone."),
    ("courriel", "Courriel de contact (adresse de service, jamais personnelle)."),
    ("site_web", "Site web."),
    ("horaires_accueil", "Non renseigné."),
    ("accessibilite_lieu", "Non renseigné."),
    (
        "reseaux_porteurs",
        "Réseau déduit du type : mission locale, CAF, communes, départements, régions.",
    ),  # fmt: skip
]


def _ou_rien(valeur):
    return valeur or None


def _borner(texte, maximum):
    """Raccourcit à `maximum` caractères, sur une fin de mot, avec « … »."""
    texte = texte.strip()
    if len(texte) <= maximum:
        return texte
    coupe = texte[: maximum - 1]
    espace = coupe.rfind(" ")
    if espace > maximum // 2:
        coupe = coupe[:espace]
    return coupe.rstrip(" ,;:") + "…"


def _nom(nom, genre):
    nom = _borner(nom, NOM_MAX)
    return nom if len(nom) >= NOM_MIN else f"{genre} {nom}".strip()


def _date_maj(objet):
    return timezone.localdate(objet.modifie_le).isoformat()


def _description_service(dispositif):
    texte = "\n\n".join(t.strip() for t in (dispositif.resume, dispositif.description) if t.strip())
    if len(texte) < DESCRIPTION_MIN:
        texte = f"Dispositif « {dispositif.nom} ». {texte}".strip()
    return _borner(texte, DESCRIPTION_MAX)


def _publics(dispositif):
    publics = ["jeunes"]
    if dispositif.reserve_qpv or dispositif.echelle == Echelle.QUARTIERS:
        publics.append("residents-qpv-frr")
    return publics


def _publics_precisions(dispositif):
    phrases = [f"Jeunes {dispositif.tranche_age}."]
    phrases += [f"Jeunes {situation.libelle}." for situation in dispositif.situations.all()]
    if dispositif.age_max_handicap:
        phrases.append(
            f"Jusqu'à {dispositif.age_max_handicap} ans avec une reconnaissance de handicap."
        )
    if dispositif.condition_de_diplome:
        phrases.append(f"{dispositif.condition_de_diplome}.")
    if dispositif.reserve_qpv:
        phrases.append("Réservé aux habitants des quartiers prioritaires.")
    quartiers = [str(quartier) for quartier in dispositif.quartiers.all()]
    if dispositif.echelle == Echelle.QUARTIERS and quartiers:
        phrases.append(f"Quartiers couverts : {', '.join(quartiers)}.")
    if dispositif.periode_ouverture:
        phrases.append(f"Mobilisable {dispositif.periode_ouverture}.")
    return " ".join(phrases)


def _modes_mobilisation(dispositif):
    modes = []
    if dispositif.courriel:
        modes.append("envoyer-un-courriel")
    if dispositif.telephone:
        modes.append("telephoner")
    if dispositif.site_web:
        modes.append("utiliser-lien-mobilisation")
    return modes or None


def _mobilisation_precisions(dispositif):
    contact = f"Contact : {dispositif.contact}." if dispositif.contact else ""
    return "\n\n".join(t for t in (dispositif.comment_mobiliser.strip(), contact) if t) or None


def service(dispositif, *, origine, source=None):
    """Un dispositif publié, en `Service` data·inclusion v1 (dictionnaire prêt pour JSON)."""
    porteur = dispositif.porteur
    return {
        "source": source or settings.DONNEES_SOURCE,
        "structure_id": porteur.slug,
        "id": dispositif.slug,
        "nom": _nom(dispositif.nom, "Dispositif"),
        "description": _description_service(dispositif),
        "lien_source": f"{origine}{dispositif.get_absolute_url()}",
        "date_maj": _date_maj(dispositif),
        "type": TYPES_DE_SERVICE.get(dispositif.categorie),
        "thematiques": sorted(t.code for t in dispositif.thematiques.all()) or None,
        "frais": None,
        "frais_precisions": None,
        "publics": _publics(dispositif),
        "publics_precisions": _publics_precisions(dispositif),
        "conditions_acces": _ou_rien(dispositif.conditions_acces.strip()),
        "commune": _ou_rien(porteur.commune),
        "code_postal": porteur.code_postal if CODE_POSTAL.fullmatch(porteur.code_postal) else None,
        "code_insee": None,
        "adresse": _ou_rien(porteur.adresse),
        "complement_adresse": None,
        "longitude": None,
        "latitude": None,
        "telephone": _ou_rien(dispositif.telephone),
        "courriel": _ou_rien(dispositif.courriel),
        "modes_accueil": None,
        "zone_eligibilite": ["france"] if dispositif.echelle == Echelle.NATIONAL else None,
        "contact_nom_prenom": None,
        "lien_mobilisation": _ou_rien(dispositif.site_web),
        "modes_mobilisation": _modes_mobilisation(dispositif),
        "mobilisable_par": MOBILISABLE_PAR[dispositif.mobilisable_par],
        "mobilisation_precisions": _mobilisation_precisions(dispositif),
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": None,
    }


def structure(structure, *, source=None):
    """Une structure publiée, en `Structure` data·inclusion v1."""
    description = structure.description.strip()
    return {
        "source": source or settings.DONNEES_SOURCE,
        "id": structure.slug,
        "nom": _nom(structure.nom, "Structure"),
        "date_maj": _date_maj(structure),
        "description": _borner(description, DESCRIPTION_MAX)
        if len(description) >= DESCRIPTION_MIN
        else None,
        "lien_source": None,
        "siret": structure.siret if SIRET.fullmatch(structure.siret) else None,
        "commune": _ou_rien(structure.commune),
        "code_postal": structure.code_postal
        if CODE_POSTAL.fullmatch(structure.code_postal)
        else None,
        "code_insee": None,
        "adresse": _ou_rien(structure.adresse),
        "complement_adresse": None,
        "longitude": None,
        "latitude": None,
        "telephone": _ou_rien(structure.telephone),
        "courriel": _ou_rien(structure.courriel),
        "site_web": _ou_rien(structure.site_web),
        "horaires_accueil": None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": [RESEAUX_PORTEURS[structure.type]]
        if structure.type in RESEAUX_PORTEURS
        else None,
    }


def dispositifs_exportes():
    """Les dispositifs des données ouvertes. Un service cite sa structure (`structure_id`) :
    elle doit être dans `structures_exportees()`, donc publiée et réelle ; un dispositif dont le
    porteur ne l'est pas attend qu'il le soit. Le schéma data·inclusion n'a aucun champ pour
    dire « exemple » : un dispositif illustratif (`Dispositif.est_illustratif`) ou une
    structure d'exemple ne sont pas exportés, pour ne jamais passer pour un service actif."""
    return Dispositif.objects.publies().hors_exemples().filter(porteur__statut=Statut.PUBLIE)


def structures_exportees():
    return Structure.objects.publies().filter(est_exemple=False)


def services(*, origine):
    return [service(d, origine=origine) for d in dispositifs_exportes().pour_donnees()]


def structures():
    return [structure(s) for s in structures_exportees().order_by("nom", "pk")]


# --- CSV ---------------------------------------------------------------------------------------


def valeur_csv(valeur):
    """Une valeur pour sa cellule : une liste s'écrit jointe par « | » ; le reste (vide, règle
    contre les formules) est celui du dialecte `tableurs.DONNEES_OUVERTES`."""
    if isinstance(valeur, list):
        return SEPARATEUR_LISTE.join(str(element) for element in valeur)
    return valeur


def lignes_csv(enregistrements, champs):
    """(en-têtes, lignes) du CSV d'une liste d'enregistrements, colonnes dans l'ordre de
    `champs`."""
    colonnes = [nom for nom, _ in champs]
    lignes = ([valeur_csv(e[colonne]) for colonne in colonnes] for e in enregistrements)
    return colonnes, lignes
