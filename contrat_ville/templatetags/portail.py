from django import template

from fiches.models import lignes as decouper_lignes

register = template.Library()


@register.filter
def lignes(texte):
    """Découpe une section saisie « un élément par ligne »."""
    return decouper_lignes(texte)
