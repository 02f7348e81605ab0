"""Les trois rôles de l'équipe du contrat de ville : des groupes Django et les permissions qu'ils
portent. `/gestion/` et `/admin/` ne lisent que ces permissions ; le nom d'un groupe ne sert qu'à
l'afficher (en-tête de l'espace équipe) et à écrire les messages de refus.

Les rôles sont cumulatifs. `appliquer(apps)` donne à chaque groupe exactement les permissions de
`PERMISSIONS` : la migration `gestion/0001_roles` l'appelle, et les fabriques des tests aussi
après qu'un test transactionnel a vidé les tables.
"""

from functools import cache

from django.contrib.auth.management import create_permissions

from contrat_ville.models import Horaire
from contrat_ville.permissions import historique, permission
from contrat_ville.publication import PUBLIER, REDIGER
from contrat_ville.registre import registre
from dispositifs.models import Accueil
from fiches.models import EtapeCalendrier
from indicateurs.models import Mesure
from seances.models import Diffusion, Participation, Suite

LECTEUR = "Lecteur"
REDACTEUR = "Rédacteur"
COORDINATEUR = "Coordinateur"

ROLES = [LECTEUR, REDACTEUR, COORDINATEUR]

# Lignes éditées sur la page de leur parent (calendrier d'une fiche, participations et suites
# d'une séance, horaires d'un lieu, accueils d'un dispositif) : qui modifie le parent modifie
# ses lignes.
LIGNES = (EtapeCalendrier, Participation, Suite, Horaire, Accueil)
IMPORTER_DES_MESURES = permission(Mesure, "import")
AJOUTER_UNE_DIFFUSION = permission(Diffusion, "add")


def _de(modeles, *actions):
    return {permission(modele, action) for modele in modeles for action in actions}


@cache
def permissions_des_roles():
    """{rôle: permissions « app.codename »}, chaque rôle ayant celles du rôle d'avant."""
    types = [contenu.modele for contenu in registre]
    publiables = [contenu.modele for contenu in registre.publiables()]
    references = [modele for modele in types if modele not in publiables]
    lus = [*types, *LIGNES, Mesure, Diffusion]

    # Lire tout, brouillons compris, et l'historique de tout.
    lecteur = _de(lus, "view") | _de(map(historique, lus), "view")
    # Créer et modifier ; les règles d'objet (`contrat_ville.permissions`) limitent « change »
    # et « delete » d'un contenu publiable aux brouillons et à ce qui est en relecture.
    redacteur = lecteur | (
        _de(publiables, "add", REDIGER, "delete")
        | _de(references, "add")
        | _de([*LIGNES, Mesure], "add", REDIGER, "delete")
    )
    # Décider de ce qui est public, tenir les listes de référence, importer, diffuser, et
    # restaurer une version (permission « change » de l'historique, celle de son admin).
    coordinateur = redacteur | (
        _de(publiables, PUBLIER)
        | _de(references, REDIGER, "delete")
        | _de(map(historique, types), REDIGER)
        | {IMPORTER_DES_MESURES, AJOUTER_UNE_DIFFUSION}
    )
    return {LECTEUR: lecteur, REDACTEUR: redacteur, COORDINATEUR: coordinateur}


def role_minimal(*permissions):
    """Le premier rôle qui a toutes ces permissions (None : aucun rôle ne les a)."""
    table = permissions_des_roles()
    return next((role for role in ROLES if set(permissions) <= table[role]), None)


def role_de(noms_de_groupes):
    """Le rôle le plus élevé parmi ces groupes, ou ""."""
    return next((role for role in reversed(ROLES) if role in noms_de_groupes), "")


def _modele_existe(apps, application, codename):
    """Vrai si le modèle d'une permission « <action>_<modèle> » existe dans `apps`."""
    try:
        apps.get_model(application, codename.split("_", 1)[1])
    except LookupError:
        return False
    return True


def appliquer(apps):
    """Donne à chaque groupe de rôle exactement les permissions de la table (`apps` : le
    registre d'applications, celui d'une migration ou `django.apps.apps`). Les permissions
    manquantes sont d'abord créées, comme le fait `migrate` après la dernière migration.

    La table suit le code d'aujourd'hui : rejouée sur une base neuve, une migration ancienne
    peut n'y pas encore trouver le modèle d'un type ajouté depuis ; ses permissions viendront
    de la migration qui l'ajoute et rappelle `appliquer`. Une permission d'un modèle qui
    existe, elle, ne manque jamais sans erreur.
    """
    for config in apps.get_app_configs():
        # Les applications d'une migration n'ont pas de module de modèles : create_permissions
        # les sauterait sans ce marqueur.
        module = getattr(config, "models_module", None)
        config.models_module = module or True
        try:
            create_permissions(config, verbosity=0, apps=apps)
        finally:
            config.models_module = module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, noms in permissions_des_roles().items():
        cles = {tuple(nom.split(".")) for nom in noms}
        cles = {cle for cle in cles if _modele_existe(apps, *cle)}
        lignes = {
            (app, codename): pk
            for pk, app, codename in Permission.objects.filter(
                codename__in={codename for _, codename in cles}
            ).values_list("pk", "content_type__app_label", "codename")
        }
        manquantes = cles - lignes.keys()
        if manquantes:
            raise LookupError(f"Permissions introuvables pour {role} : {sorted(manquantes)}")
        groupe, _ = Group.objects.get_or_create(name=role)
        groupe.permissions.set([lignes[cle] for cle in cles])
