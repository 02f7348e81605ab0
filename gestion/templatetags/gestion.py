from django import template

from gestion import acces
from gestion.contenus import TYPES

register = template.Library()


@register.simple_tag
def role_de(user):
    """« Coordinateur », « Rédacteur », « Lecteur », ou « sans rôle »."""
    return acces.role_de(user) or "sans rôle"


@register.simple_tag
def types_de_contenu():
    return TYPES
