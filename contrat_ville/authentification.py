"""Les permissions d'un compte lues en une seule requête.

Le `ModelBackend` de Django lit les permissions propres du compte puis celles de ses groupes :
deux requêtes à chaque page de `/gestion/`, dont chaque vue vérifie une permission. Celui-ci les
lit d'un coup (UNION), avec les noms des groupes du compte, que l'en-tête affiche comme rôle.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


def _charger(user):
    propres = Permission.objects.filter(user=user).values_list(
        "content_type__app_label", "codename", Value("", output_field=CharField())
    )
    # Jointure externe vers les permissions : un groupe qui n'en a aucune est tout de même lu.
    par_groupe = Group.objects.filter(user=user).values_list(
        "permissions__content_type__app_label", "permissions__codename", "name"
    )
    permissions, groupes = set(), set()
    for application, codename, groupe in propres.order_by().union(par_groupe.order_by(), all=True):
        if codename:
            permissions.add(f"{application}.{codename}")
        if groupe:
            groupes.add(groupe)
    user._perm_cache, user._groupes_cache = permissions, groupes


class PermissionsEnUneRequete(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        if not hasattr(user_obj, "_perm_cache"):
            _charger(user_obj)
        return user_obj._perm_cache


def groupes_de(user):
    """Les noms des groupes du compte ; sans requête de plus si ses permissions ont déjà été
    lues par `PermissionsEnUneRequete`."""
    if not hasattr(user, "_groupes_cache"):
        if user.is_active and not user.is_superuser and not hasattr(user, "_perm_cache"):
            _charger(user)
        else:
            user._groupes_cache = set(user.groups.values_list("name", flat=True))
    return user._groupes_cache
