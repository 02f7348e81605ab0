from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from dispositifs.annuaire import Annuaire
from dispositifs.forms import FiltresDispositifs, OrientationForm
from dispositifs.orientation import orienter

PAR_PAGE = 20


@require_GET
def dispositif_list(request):
    filtres = FiltresDispositifs(request.GET)
    criteres = filtres.criteres()
    annuaire = Annuaire(criteres)
    page = Paginator(annuaire.resultats(), PAR_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "dispositifs/dispositif_list.html",
        {
            "filtres": filtres,
            "page": page,
            "facettes": annuaire.facettes(),
            "quartiers": annuaire.quartiers(),
            "recherche_active": annuaire.recherche_active,
            "tri": criteres.get("tri") or "",
            "tris": FiltresDispositifs.TRIS,
        },
    )


@require_GET
def orientation(request):
    form = OrientationForm(request.GET or None)
    suggestions = None
    if form.is_valid():
        suggestions = orienter(
            age=form.cleaned_data["age"],
            situation=form.cleaned_data["situation"],
            quartier=form.cleaned_data["quartier"],
            diplome=form.cleaned_data["diplome"],
            mois=form.cleaned_data["mois"],
        )
    return TemplateResponse(
        request,
        "dispositifs/orientation.html",
        {"form": form, "suggestions": suggestions},
    )
