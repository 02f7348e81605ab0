"""Widgets de formulaire du portail."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTIONNE = mark_safe(" selected")


class ListeDeChoix(forms.Select):
    """Un <select> identique à celui de Django, dont les options sont assemblées en Python.

    Django rend chaque option par deux gabarits inclus (≈ 40 µs l'option) : pour la liste des
    quartiers, qui en compte des centaines sur un grand territoire, c'était l'essentiel du coût
    de la page. format_html échappe chaque valeur comme le ferait le gabarit.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = (option for _, groupe, _ in widget["optgroups"] for option in groupe)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], SELECTIONNE if option["selected"] else "", option["label"])
                    for option in options
                ),
            ),
        )
