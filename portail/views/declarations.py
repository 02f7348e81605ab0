"""Pages de déclaration : accessibilité, mentions légales, plan du site."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from contrat_ville.models import ContratDeVille


@require_GET
def accessibilite(request):
    return TemplateResponse(
        request, "portail/accessibilite.html", {"contrat": ContratDeVille.objects.courant()}
    )


@require_GET
def mentions_legales(request):
    return TemplateResponse(
        request, "portail/mentions_legales.html", {"contrat": ContratDeVille.objects.courant()}
    )


@require_GET
def plan_du_site(request):
    return TemplateResponse(request, "portail/plan_du_site.html")
