"""Mise en forme française des chiffres d'indicateurs, pour les gabarits."""

from django import template

from indicateurs import series

register = template.Library()


@register.filter
def nombre_fr(valeur):
    """`{{ 1234.5|nombre_fr }}` → « 1 234,5 » (espace fine insécable) ; vide reste vide."""
    if valeur is None or valeur == "":
        return ""
    return series.formater_nombre(valeur)


@register.filter
def pourcentage_fr(valeur):
    """`{{ 42.5|pourcentage_fr }}` → « 42,5 % »."""
    if valeur is None or valeur == "":
        return ""
    return series.formater_pourcentage(valeur)
