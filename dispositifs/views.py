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


def lire_orientation(request):
    """Le formulaire d'orientation lu dans l'adresse, et le résultat s'il est valide."""
    form = OrientationForm(request.GET or None)
    resultat = orienter(**form.criteres()) if form.is_valid() else None
    return form, resultat


def page_orientation(request, form, resultat):
    return TemplateResponse(
        request,
        "dispositifs/orientation.html",
        {
            "form": form,
            "orientation": resultat,
            "parametres": request.GET.urlencode() if resultat else "",
        },
    )


@require_GET
def orientation(request):
    return page_orientation(request, *lire_orientation(request))
