from django import template

from fiches.models import lignes as decouper_lignes

register = template.Library()


@register.filter
def lignes(texte):
    """Découpe une section saisie « un élément par ligne »."""
    return decouper_lignes(texte)


@register.filter
def pages_elidees(page):
    """Numéros de page autour de la page courante, avec « … » pour les sauts."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
