from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from fiches.models import Fiche


@require_GET
def fiche_list(request):
    fiches = Fiche.objects.publies().select_related("axe__pilier", "contrat").order_by("code")
    return TemplateResponse(request, "fiches/fiche_list.html", {"fiches": fiches})


@require_GET
def fiche_detail(request, code):
    fiche = get_object_or_404(Fiche.objects.publies().pour_page(), code=code)
    indicateurs = list(fiche.indicateurs.all())
    return TemplateResponse(
        request,
        "fiches/fiche_detail.html",
        {
            "fiche": fiche,
            "indicateurs_realisation": [i for i in indicateurs if i.nature == "realisation"],
            "indicateurs_effets": [i for i in indicateurs if i.nature == "effet"],
        },
    )
