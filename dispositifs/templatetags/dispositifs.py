import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from dispositifs.abreviations import ABREVIATIONS

register = template.Library()

_SIGLES = re.compile(r"\b(" + "|".join(sorted(ABREVIATIONS, key=len, reverse=True)) + r")\b")


@register.filter(needs_autoescape=True)
def abreviations(texte, autoescape=True):
    """Échappe le texte, puis entoure les sigles connus d'un <abbr title="…">.

    Le texte saisi est échappé AVANT la substitution : seules nos propres balises <abbr>,
    construites par format_html à partir du glossaire, sont marquées sûres.
    """
    echappe = conditional_escape(texte or "") if autoescape else str(texte or "")
    resultat = _SIGLES.sub(
        lambda m: format_html('<abbr title="{}">{}</abbr>', ABREVIATIONS[m.group(1)], m.group(1)),
        str(echappe),
    )
    return mark_safe(resultat)  # noqa: S308 (entrée échappée ci-dessus)


# Les facettes de l'annuaire peuvent compter des centaines de valeurs (un porteur par
# structure) : rendues par le moteur de gabarits, elles coûtaient plus que tout le reste de la
# page (≈ 60 µs par case). Elles sont donc assemblées ici, avec format_html, qui échappe
# chaque valeur comme le ferait le gabarit.


@register.simple_tag
def cases_de_la_facette(facette):
    """Les cases à cocher d'une facette, avec l'effectif de chaque valeur."""
    return format_html_join(
        "\n",
        '<div class="form-check"><input class="form-check-input" type="checkbox" name="{0}" '
        'value="{1}" id="f-{0}-{2}"{3}><label class="form-check-label" for="f-{0}-{2}">{4} '
        '<span class="texte-secondaire">({5})</span></label></div>',
        (
            (facette.nom, o.valeur, rang, COCHE if o.coche else "", o.libelle, o.nombre)
            for rang, o in enumerate(facette.options, start=1)
        ),
    )


@register.simple_tag
def options_du_choix(options):
    """Les <option> d'une liste de choix (le quartier de l'annuaire), effectif compris."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} – {}</option>',
        ((o.valeur, SELECTIONNE if o.coche else "", o.libelle, o.nombre) for o in options),
    )


COCHE = mark_safe(" checked")
SELECTIONNE = mark_safe(" selected")
