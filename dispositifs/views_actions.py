"""Pages publiques des actions éducatives hors temps scolaire et du maillage avec les
dispositifs."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from contrat_ville.models import Quartier
from dispositifs.models import ActionEducative, Articulation, Dispositif

ACTIONS_PAR_PAGE = 20


class FiltreActionsForm(forms.Form):
    quartier = forms.ModelChoiceField(
        label="Quartier",
        queryset=Quartier.objects.order_by("commune", "nom"),
        to_field_name="slug",
        required=False,
        empty_label="Tous les quartiers",
        error_messages={
            "invalid_choice": "Ce quartier n’existe pas : choisissez-en un dans la liste."
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    type = forms.ChoiceField(
        label="Type d’action",
        choices=[("", "Tous les types"), *ActionEducative.Type.choices],
        required=False,
        error_messages={
            "invalid_choice": "Ce type d’action n’existe pas : choisissez-en un dans la liste."
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )


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
        {"form": form, "page": page, "filtre_actif": any(form.cleaned_data.values())},
    )


@require_GET
def action_detail(request, slug):
    action = get_object_or_404(ActionEducative.objects.publies().pour_page(), slug=slug)
    return TemplateResponse(request, "actions/action_detail.html", {"action": action})


@dataclass
class LigneMaillage:
    action: ActionEducative
    cases: list[tuple[Dispositif, Articulation | None]]

    @property
    def articulations(self):
        """Les cases remplies, pour la présentation action par action."""
        return [case for case in self.cases if case[1]]


def construire_maillage(actions, dispositifs, articulations):
    """La matrice actions × dispositifs, case par case, à partir d'une seule liste
    d'articulations (aucune requête par case)."""
    par_case = {(a.action_id, a.dispositif_id): a for a in articulations}
    return [
        LigneMaillage(action, [(d, par_case.get((action.pk, d.pk))) for d in dispositifs])
        for action in actions
    ]


@require_GET
def maillage(request):
    visibles = Articulation.objects.visibles()
    dispositifs = list(visibles.dispositifs())
    articulations = list(visibles)
    actions = list(ActionEducative.objects.publies())
    return TemplateResponse(
        request,
        "dispositifs/maillage.html",
        {
            "dispositifs": dispositifs,
            "lignes": construire_maillage(actions, dispositifs, articulations),
            "nb_articulations": len(articulations),
        },
    )
