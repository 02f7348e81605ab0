from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from indicateurs import series
from indicateurs.models import Indicateur


@require_GET
def indicateur_list(request):
    indicateurs = list(Indicateur.objects.visibles().pour_liste())
    dernieres = series.dernieres_valeurs(indicateurs)
    return TemplateResponse(
        request,
        "indicateurs/indicateur_list.html",
        {"series": [dernieres[indicateur.pk] for indicateur in indicateurs]},
    )


@require_GET
def indicateur_detail(request, pk):
    indicateur = get_object_or_404(Indicateur.objects.visibles().pour_page(), pk=pk)
    return TemplateResponse(
        request,
        "indicateurs/indicateur_detail.html",
        {
            "indicateur": indicateur,
            "resultats": series.series_completes([indicateur])[indicateur.pk],
        },
    )
