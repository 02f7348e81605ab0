"""URL du banc de mesure : celles du portail, plus une vue nue qui sert d'étalon."""

from django.template.response import TemplateResponse
from django.urls import include, path


def vue_nue(request):
    """L'étalon : rendre base.html sans rien lire en base. Ne pas l'optimiser."""
    return TemplateResponse(request, "base.html", {})


urlpatterns = [
    path("_banc/nue/", vue_nue, name="banc-nue"),
    path("", include("contrat_ville.urls")),
]
