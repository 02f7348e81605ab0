"""Le PDF d'une fiche : la page de la fiche, section par section, mise en page pour A4."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from contrat_ville import pdf
from fiches.models import Fiche


# Le rendu peut durer : la transaction de requête n'est pas gardée ouverte pendant ce temps.
@transaction.non_atomic_requests
@require_GET
def fiche_pdf(request, code):
    with transaction.atomic():
        fiche = get_object_or_404(Fiche.objects.publies().pour_page(), code=code)
    indicateurs = list(fiche.indicateurs.all())
    contexte = {
        "fiche": fiche,
        "indicateurs_realisation": [i for i in indicateurs if i.nature == "realisation"],
        "indicateurs_effets": [i for i in indicateurs if i.nature == "effet"],
    }
    try:
        contenu = pdf.gabarit_vers_pdf(request, "fiches/fiche_pdf.html", contexte)
    except pdf.RenduImpossible:
        return pdf.pdf_indisponible(
            request, retour_url=fiche.get_absolute_url(), retour_libelle="Lire la fiche en ligne"
        )
    return pdf.reponse_pdf(contenu, f"fiche-{fiche.code}.pdf")
