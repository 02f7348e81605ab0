import re

from django import template
from django.utils.html import conditional_escape, format_html
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
