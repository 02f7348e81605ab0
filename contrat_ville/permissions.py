"""Qui peut modifier ou supprimer quel objet : les règles que `/gestion/` et `/admin/` lisent
toutes deux, écrites avec les permissions de Django (jamais avec des noms de groupes).

Un contenu publiable en brouillon ou en relecture se modifie avec la permission « change » de
son modèle (« delete » pour le supprimer) ; publié ou archivé, il est public ou l'a été : il
faut en plus `publish_<modèle>`, la permission de qui décide de ce qui est public. Une liste de
référence (quartiers, situations, thématiques) n'a pas de statut : ses permissions « change » et
« delete » suffisent, et seul qui les a la touche une fois enregistrée.
"""

from django.contrib.auth import get_permission_codename

from contrat_ville.publication import PUBLIER, REDIGER, Publiable, Statut

EN_REDACTION = frozenset({Statut.BROUILLON, Statut.RELECTURE})


def permission(modele, action):
    """« dispositifs.change_dispositif » : la permission `action` d'un modèle (ou d'un objet)."""
    options = modele._meta
    return f"{options.app_label}.{get_permission_codename(action, options)}"


def historique(modele):
    """Le modèle d'historique (django-simple-history) d'un modèle : `permission(historique(
    Dispositif), "change")` est celle de restaurer une version, comme dans son admin."""
    return modele.history.model


def est_public(objet):
    """Vrai pour un contenu publié ou archivé, et pour une liste de référence, publique dès son
    enregistrement."""
    return not isinstance(objet, Publiable) or Statut(objet.statut) not in EN_REDACTION


def _permise(user, objet, action):
    if not user.has_perm(permission(objet, action)):
        return False
    if isinstance(objet, Publiable) and est_public(objet):
        return user.has_perm(permission(objet, PUBLIER))
    return True


def peut_modifier(user, objet):
    return _permise(user, objet, REDIGER)


def peut_supprimer(user, objet):
    return _permise(user, objet, "delete")
