"""Les diffusions de supports dans l'espace équipe : la liste, l'enregistrement d'une diffusion
et le fichier exact qui a été transmis.

Pour le support de présentation des dispositifs, le portail produit lui-même le PDF (celui de
`/support/pdf/`, restreint au quartier s'il y en a un) et garde ces octets-là ; pour une note de
résultats, la personne dépose le PDF qu'elle a envoyé. Dans les deux cas le fichier est gardé
tel quel, avec son empreinte SHA-256 (`seances.services.enregistrer_diffusion`).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from contrat_ville.permissions import permission
from gestion.acces import permission_requise
from gestion.diffusions import DiffusionForm
from gestion.roles import AJOUTER_UNE_DIFFUSION
from portail import pdf, support
from seances.models import Diffusion
from seances.services import enregistrer_diffusion

PAR_PAGE = 25
LIRE = permission(Diffusion, "view")


@permission_requise(LIRE)
@require_GET
def diffusion_list(request):
    diffusions = Diffusion.objects.select_related("quartier", "enregistree_par").order_by(
        "-date", "-pk"
    )
    page = Paginator(diffusions, PAR_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "gestion/diffusion_list.html",
        {"page": page, "peut_enregistrer": request.user.has_perm(AJOUTER_UNE_DIFFUSION)},
    )


def _page_formulaire(request, form, status=200):
    return TemplateResponse(request, "gestion/diffusion_form.html", {"form": form}, status=status)


# Le rendu du support peut durer : pas de transaction de requête ouverte pendant ce temps
# (comme `/support/pdf/`) ; l'enregistrement a la sienne (`enregistrer_diffusion`).
@transaction.non_atomic_requests
@permission_requise(AJOUTER_UNE_DIFFUSION)
@require_http_methods(["GET", "POST"])
def diffusion_create(request):
    if request.method == "POST":
        form = DiffusionForm(request.POST, request.FILES)
    else:
        form = DiffusionForm()
    if request.method != "POST" or not form.is_valid():
        return _page_formulaire(request, form)
    donnees = form.cleaned_data
    if donnees["support"] == Diffusion.Support.PRESENTATION:
        try:
            contenu, _ = support.pdf_du_support(request, donnees["quartier"])
        except pdf.RenduImpossible:
            form.add_error(
                None,
                "Le support de présentation n’a pas pu être produit : réessayez dans un instant. "
                "Rien n’a été enregistré.",
            )
            return _page_formulaire(request, form, status=503)
    else:
        contenu = form.pdf_depose
    diffusion = enregistrer_diffusion(
        support=donnees["support"],
        destinataire=donnees["destinataire"],
        par=request.user,
        quartier=donnees["quartier"],
        date=donnees["date"],
        commentaire=donnees["commentaire"],
        pdf_bytes=contenu,
    )
    messages.success(request, f"Diffusion enregistrée : {diffusion}, avec le PDF transmis.")
    return redirect("gestion:diffusion-list")


@permission_requise(LIRE)
@require_GET
def diffusion_fichier(request, pk):
    """Le PDF gardé, octet pour octet."""
    diffusion = get_object_or_404(Diffusion, pk=pk)
    if not diffusion.fichier:
        raise Http404("Aucun fichier n’a été gardé pour cette diffusion.")
    try:
        fichier = diffusion.fichier.open("rb")
    except OSError as erreur:
        raise Http404("Le fichier de cette diffusion est introuvable.") from erreur
    nom = f"{diffusion.support}-{diffusion.date:%Y-%m-%d}-{diffusion.pk}.pdf"
    return FileResponse(fichier, as_attachment=True, filename=nom, content_type="application/pdf")
