"""La page d'un dispositif : qui, pour qui, comment le mobiliser, et ce que le portail en sait
ailleurs (actions articulées, séances, fiches, chiffres). Ces dernières rubriques viennent
d'applications au-dessus du répertoire : la page vit donc dans `portail`."""

from django.conf import settings
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from actions.models import Articulation
from contrat_ville.models import Quartier, Structure
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from fiches.models import Fiche
from indicateurs import series
from seances.models import Seance


def dispositifs_pour_page():
    """Tout ce que la page d'un dispositif affiche, en un nombre fixe de requêtes."""
    return (
        Dispositif.objects.publies()
        .select_related("porteur")
        .prefetch_related(
            models.Prefetch(
                "partenaires",
                queryset=Structure.objects.publies(),
                to_attr="partenaires_publics",
            ),
            "situations",
            "diplomes_acceptes",
            "thematiques",
            models.Prefetch("quartiers", queryset=Quartier.objects.order_by("commune", "nom")),
            models.Prefetch(
                "articulations",
                queryset=Articulation.objects.publies()
                .filter(action__statut=Statut.PUBLIE)
                .select_related("action__porteur"),
            ),
            models.Prefetch(
                "seances", queryset=Seance.objects.publies().select_related("quartier")
            ),
            models.Prefetch("fiches", queryset=Fiche.objects.publies()),
        )
        .avec_lieux()
    )


@require_GET
def dispositif_detail(request, slug):
    dispositif = get_object_or_404(dispositifs_pour_page(), slug=slug)
    return TemplateResponse(
        request,
        "dispositifs/dispositif_detail.html",
        {
            "dispositif": dispositif,
            "series": series.series_du_dispositif(dispositif),
            "courriel_signalement": settings.COURRIEL_SIGNALEMENT,
        },
    )
