"""La page publique d'une structure : sa présentation, ses lieux d'accueil et ses dispositifs
publiés. Elle montre des dispositifs, au-dessus du cœur : elle vit donc dans `portail`."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from contrat_ville.models import Lieu, Structure
from dispositifs.models import Dispositif


def structures_pour_page():
    """Une structure publiée avec ce que sa page affiche, en un nombre fixe de requêtes."""
    dispositifs = Dispositif.objects.publies()
    return Structure.objects.publies().prefetch_related(
        Prefetch(
            "lieux", queryset=Lieu.objects.publies().pour_affichage(), to_attr="lieux_publics"
        ),
        Prefetch("dispositifs_portes", queryset=dispositifs, to_attr="dispositifs_publics"),
        Prefetch("dispositifs_partenaires", queryset=dispositifs, to_attr="partenariats_publics"),
    )


@require_GET
def structure_detail(request, slug):
    structure = get_object_or_404(structures_pour_page(), slug=slug)
    return TemplateResponse(
        request, "contrat_ville/structure_detail.html", {"structure": structure}
    )
