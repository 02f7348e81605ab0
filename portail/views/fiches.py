"""La page d'une fiche et son PDF : chaque section de la fiche, avec les dispositifs, séances et
indicateurs du portail qui s'y rattachent (d'où leur place dans `portail`, au-dessus de ces
applications)."""

from django.conf import settings
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from dispositifs.models import Dispositif
from fiches.models import Fiche
from indicateurs.models import Indicateur
from portail import pdf, support
from seances.models import Seance


def fiches_pour_page():
    """Tout ce que la page d'une fiche affiche, en un nombre fixe de requêtes."""
    return (
        Fiche.objects.publies()
        .select_related("contrat", "axe__pilier")
        .prefetch_related(
            "etapes",
            models.Prefetch(
                "indicateurs", queryset=Indicateur.objects.publies().order_by("nature", "ordre")
            ),
            models.Prefetch("dispositifs", queryset=Dispositif.objects.publies().order_by("nom")),
            models.Prefetch("fiches_liees", queryset=Fiche.objects.publies()),
            models.Prefetch("seances", queryset=Seance.objects.publies().order_by("-debut")),
            "axes_transversaux",
        )
    )


def _contexte(fiche):
    indicateurs = list(fiche.indicateurs.all())
    return {
        "fiche": fiche,
        "indicateurs_realisation": [
            i for i in indicateurs if i.nature == Indicateur.Nature.REALISATION
        ],
        "indicateurs_effets": [i for i in indicateurs if i.nature == Indicateur.Nature.EFFET],
        "indicateurs_suivis": len(indicateurs),
    }


@require_GET
def fiche_detail(request, code):
    fiche = get_object_or_404(fiches_pour_page(), code=code)
    contexte = _contexte(fiche) | {
        "support_a_jour_au": support.jour_des_donnees(),
        # Le support présente les fiches de base du portail (voir l'accueil).
        "dans_le_support": fiche.code in settings.SUPPORT_FICHES,
    }
    return TemplateResponse(request, "fiches/fiche_detail.html", contexte)


# Le rendu peut durer : la transaction de requête n'est pas gardée ouverte pendant ce temps.
@transaction.non_atomic_requests
@require_GET
def fiche_pdf(request, code):
    with transaction.atomic():
        fiche = get_object_or_404(fiches_pour_page(), code=code)
        # L'en-tête courant distingue le texte de la fiche (sa version) des données du portail,
        # datées comme celles du support de présentation.
        contexte = _contexte(fiche) | {"donnees_au": support.version_des_donnees(request).jour}
    try:
        contenu = pdf.gabarit_vers_pdf(request, "fiches/fiche_pdf.html", contexte)
    except pdf.RenduImpossible:
        return pdf.pdf_indisponible(
            request, retour_url=fiche.get_absolute_url(), retour_libelle="Lire la fiche en ligne"
        )
    return pdf.reponse_pdf(contenu, f"fiche-{fiche.code}.pdf")
