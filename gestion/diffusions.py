"""Les diffusions de supports dans l'espace équipe : la liste (Lecteur), l'enregistrement d'une
diffusion (Coordinateur) et le fichier exact qui a été transmis.

Pour le support de présentation des dispositifs, le portail produit lui-même le PDF (celui de
`/support/pdf/`, restreint au quartier s'il y en a un) et garde ces octets-là ; pour une note de
résultats, la personne dépose le PDF qu'elle a envoyé. Dans les deux cas le fichier est gardé
tel quel, avec son empreinte SHA-256 (`seances.services.enregistrer_diffusion`).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from contrat_ville.models import Quartier
from contrat_ville.roles import COORDINATEUR, LECTEUR
from gestion.acces import a_le_role, role_requis
from portail import pdf, support
from seances.models import Diffusion
from seances.services import enregistrer_diffusion

TAILLE_MAX_PDF = 10 * 1024 * 1024
PAR_PAGE = 25


class DiffusionForm(forms.Form):
    support = forms.ChoiceField(
        label="Support transmis", choices=Diffusion.Support.choices, widget=forms.RadioSelect
    )
    destinataire = forms.ChoiceField(
        label="Destinataire", choices=Diffusion.Destinataire.choices, widget=forms.RadioSelect
    )
    quartier = forms.ModelChoiceField(
        label="Quartier (facultatif)",
        queryset=Quartier.objects.order_by("commune", "nom"),
        required=False,
        empty_label="Tout le territoire",
        help_text="Pour le support de présentation, restreint le PDF à ce qui est accessible "
        "dans ce quartier.",
    )
    date = forms.DateField(
        label="Date de diffusion",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commentaire = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fichier = forms.FileField(
        label="Note de résultats (PDF)",
        required=False,
        help_text=f"Seulement pour une note de résultats : le PDF envoyé, "
        f"{TAILLE_MAX_PDF // 1024 // 1024} Mo au plus. Le support de présentation est produit "
        "par le portail.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.pdf_depose = None

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("La date de diffusion ne peut pas être dans le futur.")
        return date

    def clean(self):
        donnees = super().clean()
        fichier = donnees.get("fichier")
        if donnees.get("support") == Diffusion.Support.RESULTATS:
            if not fichier:
                self.add_error("fichier", "Déposez le PDF de la note de résultats envoyée.")
            else:
                self.pdf_depose = self._lire_pdf(fichier)
        elif fichier:
            self.add_error(
                "fichier",
                "Le support de présentation est produit par le portail : ne déposez pas de "
                "fichier (ou choisissez « Note de résultats »).",
            )
        return donnees

    def _lire_pdf(self, fichier):
        if fichier.size > TAILLE_MAX_PDF:
            self.add_error(
                "fichier",
                f"Fichier trop volumineux : {TAILLE_MAX_PDF // 1024 // 1024} Mo au plus.",
            )
            return None
        contenu = fichier.read()
        if not contenu.startswith(b"%PDF-"):
            self.add_error(
                "fichier", "Ce fichier n’est pas un PDF : déposez la note au format PDF."
            )
            return None
        return contenu


@role_requis(LECTEUR)
@require_GET
def diffusion_list(request):
    diffusions = Diffusion.objects.select_related("quartier", "enregistree_par").order_by(
        "-date", "-pk"
    )
    page = Paginator(diffusions, PAR_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "gestion/diffusion_list.html",
        {"page": page, "peut_enregistrer": a_le_role(request.user, COORDINATEUR)},
    )


def _page_formulaire(request, form, status=200):
    return TemplateResponse(request, "gestion/diffusion_form.html", {"form": form}, status=status)


# Le rendu du support peut durer : pas de transaction de requête ouverte pendant ce temps
# (comme `/support/pdf/`) ; l'enregistrement a la sienne (`enregistrer_diffusion`).
@transaction.non_atomic_requests
@role_requis(COORDINATEUR)
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


@role_requis(LECTEUR)
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
