"""La fiche à remettre à la famille, en PDF : les dispositifs suggérés par l'aide à
l'orientation, où s'adresser et les téléphones, sans aucune des réponses sur le jeune."""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dispositifs.views import lire_orientation
from portail import pdf


# Le rendu peut durer : la transaction de requête n'est pas gardée ouverte pendant ce temps.
@transaction.non_atomic_requests
@require_GET
def orientation_pdf(request):
    page = reverse("dispositifs:orientation")
    with transaction.atomic():
        form, resultat = lire_orientation(request)
    if resultat is None:
        # Réponses incomplètes ou invalides : le formulaire les dit, en français.
        parametres = request.GET.urlencode()
        return redirect(f"{page}?{parametres}" if parametres else page)
    contexte = {"orientation": resultat, "quartier": form.cleaned_data["quartier"]}
    contexte["date"] = timezone.localdate()
    try:
        contenu = pdf.gabarit_vers_pdf(request, "dispositifs/orientation_pdf.html", contexte)
    except pdf.RenduImpossible:
        return pdf.pdf_indisponible(
            request,
            retour_url=f"{page}?{request.GET.urlencode()}",
            retour_libelle="Revenir aux suggestions",
        )
    return pdf.reponse_pdf(contenu, "dispositifs-a-contacter.pdf")
