from django import template

from contrat_ville import francais
from fiches.models import lignes as decouper_lignes

register = template.Library()

FORMES_DE_DATE = {
    "": {},
    "semaine": {"jour_de_la_semaine": True},
    "sans année": {"annee": False},
}


@register.filter
def lignes(texte):
    """Découpe une section saisie « un élément par ligne »."""
    return decouper_lignes(texte)


@register.filter
def pages_elidees(page):
    """Numéros de page autour de la page courante, avec « … » pour les sauts."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


# --- Le français du portail (contrat_ville.francais) ------------------------------------------


@register.filter
def nombre_fr(valeur):
    """`{{ 1234.5|nombre_fr }}` → « 1 234,5 » (espace fine insécable) ; vide reste vide."""
    if valeur is None or valeur == "":
        return ""
    return francais.nombre(valeur)


@register.filter
def pourcentage_fr(valeur):
    """`{{ 42.5|pourcentage_fr }}` → « 42,5 % »."""
    if valeur is None or valeur == "":
        return ""
    return francais.pourcentage(valeur)


@register.filter
def date_fr(jour, forme=""):
    """`{{ jour|date_fr }}` → « 1er décembre 2026 » ; `date_fr:"semaine"` → « mardi 1er décembre
    2026 » ; `date_fr:"sans année"` → « 1er décembre ». Vide reste vide."""
    if not jour:
        return ""
    return francais.date(jour, **FORMES_DE_DATE[forme])


@register.filter
def pluriel(compte, suffixes="s"):
    """Comme `pluralize` de Django, mais 0 est au singulier : `séance{{ n|pluriel }}`,
    `n’{{ n|pluriel:"a,ont" }}`."""
    singulier, _, au_pluriel = suffixes.rpartition(",")
    try:
        compte = float(compte)
    except ValueError:  # un texte qui n'est pas un nombre
        return ""
    except TypeError:  # une liste : son nombre d'éléments
        try:
            compte = len(compte)
        except TypeError:
            return ""
    return au_pluriel if francais.est_pluriel(compte) else singulier
