"""Qui peut faire quoi dans l'espace équipe : rôles, décorateurs de vues, règles d'édition.

Les rôles sont cumulatifs : un Coordinateur a tous les droits d'un Rédacteur, qui a ceux d'un
Lecteur. Un superutilisateur compte comme Coordinateur.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from contrat_ville.publication import Statut
from contrat_ville.roles import COORDINATEUR, LECTEUR, REDACTEUR

NIVEAUX = {LECTEUR: 1, REDACTEUR: 2, COORDINATEUR: 3}


def niveau(user):
    """Le niveau du rôle le plus élevé de l'utilisateur (0 : aucun rôle), lu une fois par
    requête."""
    if not user.is_authenticated:
        return 0
    if user.is_superuser:
        return NIVEAUX[COORDINATEUR]
    if not hasattr(user, "_niveau_gestion"):
        groupes = user.groups.filter(name__in=NIVEAUX).values_list("name", flat=True)
        user._niveau_gestion = max((NIVEAUX[nom] for nom in groupes), default=0)
    return user._niveau_gestion


def a_le_role(user, role):
    return niveau(user) >= NIVEAUX[role]


def role_de(user):
    """Le nom du rôle affiché dans l'en-tête de l'espace équipe."""
    n = niveau(user)
    return next((role for role, valeur in NIVEAUX.items() if valeur == n), "")


def role_requis(role):
    """Anonyme : vers la page de connexion (retour ensuite ici). Connecté sans ce rôle : 403."""

    def decorateur(vue):
        @wraps(vue)
        def verifier(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not a_le_role(request.user, role):
                raise PermissionDenied(
                    f"Cette page est réservée aux comptes ayant le rôle {role} ou un rôle "
                    "supérieur."
                )
            return vue(request, *args, **kwargs)

        return verifier

    return decorateur


# --- Règle d'édition ---------------------------------------------------------------------------
# Un contenu publié (ou archivé) n'est modifié que par un Coordinateur : un Rédacteur modifie les
# brouillons et ce qui est en relecture, et demande la dépublication d'un contenu publié. Plus
# simple que de garder une version publique en attente, et c'est le rôle responsable de ce qui
# est public qui reste maître de ce qui change en ligne.

STATUTS_MODIFIABLES_PAR_REDACTEUR = {Statut.BROUILLON, Statut.RELECTURE}


def peut_modifier(user, objet):
    if a_le_role(user, COORDINATEUR):
        return True
    # Une liste de référence (quartiers…) n'a pas de statut : publique dès son enregistrement,
    # elle suit la règle d'un contenu publié.
    statut = getattr(objet, "statut", Statut.PUBLIE)
    return a_le_role(user, REDACTEUR) and statut in STATUTS_MODIFIABLES_PAR_REDACTEUR


def refus_modification(objet):
    """Le message du refus quand `peut_modifier` est faux."""
    if not hasattr(objet, "statut"):
        return (
            "Cette liste de référence est publique dès son enregistrement : seul un "
            "coordinateur peut la modifier."
        )
    if objet.statut in STATUTS_MODIFIABLES_PAR_REDACTEUR:
        return "Votre rôle ne permet pas de modifier ce contenu."
    return (
        f"Ce contenu est « {objet.get_statut_display().lower()} » : seul un coordinateur peut "
        "le modifier. Demandez-lui de le remettre en brouillon pour le reprendre."
    )


# --- Actions du cycle de publication --------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """Une action du cycle de publication, possible depuis certains statuts, chacun avec le rôle
    qu'elle y demande. `methode` est la méthode du modèle qui l'exécute."""

    nom: str
    libelle: str
    methode: str
    roles: dict = field(default_factory=dict)
    message: str = ""
    classe: str = "btn-outline-primary"
    # Faux quand la méthode du modèle ne prend pas de commentaire : il va alors dans le motif
    # de l'entrée d'historique.
    commentaire_au_modele: bool = True

    def role_depuis(self, statut):
        return self.roles.get(Statut(statut))

    def possible(self, objet):
        return self.role_depuis(objet.statut) is not None

    def permise(self, user, objet):
        role = self.role_depuis(objet.statut)
        return role is not None and a_le_role(user, role)


B, R, P, A = Statut.BROUILLON, Statut.RELECTURE, Statut.PUBLIE, Statut.ARCHIVE

SOUMETTRE = Action(
    nom="soumettre",
    libelle="Soumettre à la relecture",
    methode="soumettre",
    roles={B: REDACTEUR},
    message="Envoi en relecture fait : un coordinateur peut maintenant publier « {objet} ».",
    classe="btn-primary",
)
PUBLIER = Action(
    nom="publier",
    libelle="Publier",
    methode="publier",
    roles={B: COORDINATEUR, R: COORDINATEUR},
    message="Publication faite : « {objet} » est visible de tous.",
    classe="btn-success",
)
DEPUBLIER = Action(
    nom="depublier",
    libelle="Dépublier",
    methode="depublier",
    roles={P: COORDINATEUR},
    message="Dépublication faite : « {objet} » n'est plus public et redevient un brouillon.",
)
REMETTRE_EN_BROUILLON = Action(
    nom="remettre-en-brouillon",
    libelle="Remettre en brouillon",
    methode="remettre_en_brouillon",
    roles={R: REDACTEUR, A: COORDINATEUR},
    message="Retour au brouillon fait pour « {objet} ».",
)
ARCHIVER = Action(
    nom="archiver",
    libelle="Archiver",
    methode="archiver",
    roles={B: COORDINATEUR, R: COORDINATEUR, P: COORDINATEUR},
    message="Archivage fait : « {objet} » n'est plus visible du public.",
    classe="btn-outline-secondary",
)
CONFIRMER = Action(
    nom="confirmer",
    libelle="Confirmer l'exactitude",
    methode="confirmer_exactitude",
    roles={B: COORDINATEUR, R: COORDINATEUR, P: COORDINATEUR},
    message="Exactitude de « {objet} » confirmée à la date du jour.",
    commentaire_au_modele=False,
)

ACTIONS_DE_PUBLICATION = (SOUMETTRE, PUBLIER, DEPUBLIER, REMETTRE_EN_BROUILLON, ARCHIVER)
