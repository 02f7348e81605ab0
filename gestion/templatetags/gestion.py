from django import template

from contrat_ville.authentification import groupes_de
from gestion import roles
from gestion.contenus import TYPES

register = template.Library()


@register.simple_tag
def role_de(user):
    """« Coordinateur », « Rédacteur », « Lecteur » (le plus élevé des groupes du compte), ou
    « sans rôle ». Un superutilisateur compte comme Coordinateur."""
    if user.is_superuser:
        return roles.COORDINATEUR
    return roles.role_de(groupes_de(user)) or "sans rôle"


@register.simple_tag
def types_de_contenu():
    return TYPES
