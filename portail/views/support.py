"""Le support de présentation des dispositifs : aperçu HTML et PDF, éventuellement restreints
à un quartier (`?quartier=<slug>`)."""

from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from contrat_ville.models import Quartier
from portail import pdf, support
from portail.forms import FiltreSupportForm


class QuartierInconnu(Exception):
    pass


def _quartier_demande(request):
    """Le quartier de `?quartier=`, None sans filtre ; QuartierInconnu (et le message à
    afficher) pour un identifiant inconnu ou invalide."""
    form = FiltreSupportForm(request.GET)
    if not form.is_valid():
        raise QuartierInconnu(form.errors["quartier"][0])
    return form.cleaned_data["quartier"]


def _quartier_inconnu(request, message):
    return TemplateResponse(
        request,
        "portail/support/quartier_inconnu.html",
        {"message": message, "quartiers": Quartier.objects.order_by("commune", "nom")},
        status=404,
    )


@require_GET
def apercu(request):
    try:
        quartier = _quartier_demande(request)
    except QuartierInconnu as inconnu:
        return _quartier_inconnu(request, str(inconnu))
    contexte = support.contenu(request, quartier)
    contexte["quartiers"] = Quartier.objects.order_by("commune", "nom")
    return TemplateResponse(request, support.GABARIT, contexte)


# Le rendu peut durer : la vue ne garde pas la transaction de requête ouverte pendant ce temps
# (sous SQLite, elle bloquerait toute écriture) ; les lectures ont leur propre transaction.
@transaction.non_atomic_requests
@require_GET
def support_pdf(request):
    try:
        quartier = _quartier_demande(request)
    except QuartierInconnu as inconnu:
        return _quartier_inconnu(request, str(inconnu))
    try:
        contenu_pdf, version = support.pdf_du_support(request, quartier)
    except pdf.RenduImpossible:
        apercu_url = reverse("support:apercu")
        if quartier:
            apercu_url += f"?quartier={quartier.slug}"
        return pdf.pdf_indisponible(
            request, retour_url=apercu_url, retour_libelle="Consulter l’aperçu du support"
        )
    return pdf.reponse_pdf(contenu_pdf, support.nom_du_pdf(quartier, version))
