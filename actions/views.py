"""Pages publiques des actions éducatives hors temps scolaire et du maillage avec les
dispositifs."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from actions.forms import FiltreActionsForm
from actions.maillage import construire_maillage
from actions.models import ActionEducative, Articulation

ACTIONS_PAR_PAGE = 20


@require_GET
def action_list(request):
    form = FiltreActionsForm(request.GET)
    # Un critère invalide est signalé et ignoré ; les critères valides s'appliquent quand même.
    form.is_valid()
    actions = ActionEducative.objects.publies().filtrer(**form.cleaned_data).pour_liste()
    page = Paginator(actions, ACTIONS_PAR_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "actions/action_list.html",
        {"form": form, "page": page},
    )


@require_GET
def action_detail(request, slug):
    action = get_object_or_404(ActionEducative.objects.publies().pour_page(), slug=slug)
    return TemplateResponse(request, "actions/action_detail.html", {"action": action})


@require_GET
def maillage(request):
    visibles = Articulation.objects.visibles()
    dispositifs = list(visibles.dispositifs())
    articulations = list(visibles)
    actions = list(ActionEducative.objects.publies())
    return TemplateResponse(
        request,
        "actions/maillage.html",
        {
            "dispositifs": dispositifs,
            "lignes": construire_maillage(actions, dispositifs, articulations),
            "nb_articulations": len(articulations),
        },
    )
