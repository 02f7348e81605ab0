from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from fiches.models import Fiche


@require_GET
def fiche_list(request):
    fiches = Fiche.objects.publies().select_related("axe__pilier", "contrat").order_by("code")
    return TemplateResponse(request, "fiches/fiche_list.html", {"fiches": fiches})
