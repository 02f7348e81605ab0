"""Qui peut faire quoi dans l'espace équipe : les décorateurs des vues, qui vérifient des
permissions Django (jamais des noms de groupes), et les textes des refus.

Les règles sur un objet (modifier, supprimer un contenu selon son statut) sont celles du cœur,
`contrat_ville.permissions`, que l'admin lit aussi ; le cycle de publication est la table de
`contrat_ville.models` (`transition.permise(user, objet)`). Les rôles ne servent ici qu'aux
messages : « réservée aux comptes ayant le rôle Rédacteur ».
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from contrat_ville.permissions import est_public, historique, permission
from gestion.roles import ROLES, role_minimal


def refus(permissions, *, une_seule=False):
    """Le message d'une page refusée, nommé par le premier rôle qui a ces permissions (ou l'une
    d'elles)."""
    if une_seule:
        roles = {role_minimal(nom) for nom in permissions} - {None}
        role = min(roles, key=ROLES.index) if roles else None
    else:
        role = role_minimal(*permissions)
    if role is None:
        return "Cette page demande une permission qu'aucun rôle de l'équipe ne donne."
    return f"Cette page est réservée aux comptes ayant le rôle {role} ou un rôle supérieur."


def _noms(permissions):
    """Les permissions demandées ; une fonction en donne une liste, calculée à la requête (celles
    des types du registre, rempli au démarrage des applications)."""
    noms = []
    for permission_ in permissions:
        noms += permission_() if callable(permission_) else [permission_]
    return noms


def permission_requise(*permissions):
    """Anonyme : vers la page de connexion (retour ensuite ici). Connecté sans toutes ces
    permissions (« dispositifs.view_dispositif », ou une fonction qui en donne une liste) :
    403 en français."""

    def decorateur(vue):
        @wraps(vue)
        def verifier(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            noms = _noms(permissions)
            if not request.user.has_perms(noms):
                raise PermissionDenied(refus(noms))
            return vue(request, *args, **kwargs)

        return verifier

    return decorateur


def permission_sur_le_type(*actions, de_l_historique=False):
    """Comme `permission_requise`, pour une vue générique d'un type de contenu : l'une des
    permissions `actions` du modèle de `contenu` (passé par l'URL), ou de son historique. La
    règle sur l'objet lui-même (`contrat_ville.permissions`) est vérifiée par la vue."""

    def decorateur(vue):
        @wraps(vue)
        def verifier(request, *args, contenu, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            modele = historique(contenu.modele) if de_l_historique else contenu.modele
            noms = [permission(modele, action) for action in actions]
            if not any(request.user.has_perm(nom) for nom in noms):
                raise PermissionDenied(refus(noms, une_seule=True))
            return vue(request, *args, contenu=contenu, **kwargs)

        return verifier

    return decorateur


# --- Textes des règles d'objet -------------------------------------------------------------------


def refus_modification(objet):
    """Le message quand `peut_modifier` (ou `peut_supprimer`) est faux."""
    if not hasattr(objet, "statut"):
        return (
            "Cette liste de référence est publique dès son enregistrement : seul un "
            "coordinateur peut la modifier."
        )
    if not est_public(objet):
        return "Votre rôle ne permet pas de modifier ce contenu."
    return (
        f"Ce contenu est « {objet.get_statut_display().lower()} » : seul un coordinateur peut "
        "le modifier. Demandez-lui de le remettre en brouillon pour le reprendre."
    )


# --- Boutons du cycle de publication -----------------------------------------------------------
# Les étapes viennent de la table du cœur ; seule leur présentation vit ici.

CLASSES_DES_BOUTONS = {
    "soumettre": "btn-primary",
    "publier": "btn-success",
    "archiver": "btn-outline-secondary",
}


def classe_du_bouton(transition):
    return CLASSES_DES_BOUTONS.get(transition.nom, "btn-outline-primary")
