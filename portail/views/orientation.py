"""La fiche à remettre à la famille, en PDF : les dispositifs suggérés par l'aide à
l'orientation, où s'adresser et les téléphones, sans aucune des réponses sur le jeune."""

import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from contrat_ville.models import VersionDonnees
from dispositifs.views import lire_orientation, page_orientation
from portail import pdf

NOM_DU_FICHIER = "dispositifs-a-contacter.pdf"


# Le rendu peut durer : la transaction de requête n'est pas gardée ouverte pendant ce temps.
@transaction.non_atomic_requests
@require_GET
def orientation_pdf(request):
    page = reverse("dispositifs:orientation")
    with transaction.atomic():
        form, resultat = lire_orientation(request)
        if resultat is None:
            # Réponses incomplètes ou invalides : le formulaire les dit, en français.
            return page_orientation(request, form, resultat)
        version = VersionDonnees.lire()
    jour = timezone.localdate()
    # Gardé sous les réponses (normalisées), la version des données et le jour qu'il porte.
    reponses = sorted((cle, sorted(valeurs)) for cle, valeurs in request.GET.lists())
    empreinte = hashlib.sha256(repr(reponses).encode()).hexdigest()
    cle = f"pdf-orientation:{version}:{jour.isoformat()}:{empreinte}"
    if contenu := pdf.pdf_garde(cle):
        return pdf.reponse_pdf(contenu, NOM_DU_FICHIER)
    contexte = {"orientation": resultat, "quartier": form.cleaned_data["quartier"], "date": jour}
    html = render_to_string("dispositifs/orientation_pdf.html", contexte, request=request)
    try:
        contenu = pdf.html_vers_pdf(html, base_url=request.build_absolute_uri("/"), garder_sous=cle)
    except pdf.RenduImpossible:
        return pdf.pdf_indisponible(
            request,
            retour_url=f"{page}?{request.GET.urlencode()}",
            retour_libelle="Revenir aux suggestions",
        )
    return pdf.reponse_pdf(contenu, NOM_DU_FICHIER)
