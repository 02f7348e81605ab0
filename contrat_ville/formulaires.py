"""Les pièces de formulaire que toutes les applications partagent : une liste de choix légère
et la base des formulaires de filtres (paramètres GET d'une liste).

Elles n'importent que Django : placées dans le cœur, elles servent aux formulaires publics du
répertoire, des séances et des actions comme à l'espace équipe, sans cycle d'imports.
"""

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


class ListeDeChoixMultiples(ListeDeChoix, forms.SelectMultiple):
    """La même liste légère, à choix multiples (partenaires d'un dispositif…)."""

    allow_multiple_selected = True


# Paramètres qui ordonnent ou paginent une liste sans la restreindre.
PARAMETRES_NEUTRES = frozenset({"tri", "page"})


def filtres_demandes(donnees, noms):
    """Vrai dès qu'un critère de filtre figure dans l'URL avec une valeur, même invalide : la
    page propose alors de les effacer (un critère invalide est signalé, puis ignoré)."""
    return any(donnees.get(nom) for nom in noms if nom not in PARAMETRES_NEUTRES)


class FormulaireDeFiltres(forms.Form):
    """Base des formulaires de filtres d'une liste publique, lus dans l'URL."""

    @property
    def est_filtre(self):
        return filtres_demandes(self.data, self.fields)
