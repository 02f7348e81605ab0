import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from actions.models import ActionEducative
from contrat_ville.models import ContratDeVille, Quartier
from dispositifs.models import Dispositif
from fiches.models import Fiche
from indicateurs import series
from indicateurs.models import Indicateur
from portail import sonde, support
from seances.models import Seance

PROCHAINES_SEANCES = 3
CHIFFRES_CLES = 6


@require_GET
def accueil(request):
    # Quelques chiffres clés, les premiers dans l'ordre de la page des indicateurs : leur
    # nombre ne grandit pas avec celui des fiches et des indicateurs.
    indicateurs = list(Indicateur.objects.visibles().avec_valeur().pour_liste()[:CHIFFRES_CLES])
    dernieres = series.dernieres_valeurs(indicateurs)
    contrat = ContratDeVille.objects.courant()
    fiches = list(Fiche.objects.publies().select_related("contrat").order_by("code"))
    return TemplateResponse(
        request,
        "portail/accueil.html",
        {
            "contrat": contrat,
            "nombre_qpv": Quartier.objects.prioritaires_le().count() if contrat else 0,
            "fiches": fiches,
            # Les fiches que le portail met en œuvre (celles du support).
            "fiches_de_base": [f for f in fiches if f.code in settings.SUPPORT_FICHES],
            "prochaines_seances": Seance.objects.publies()
            .a_venir()
            .select_related("quartier")[:PROCHAINES_SEANCES],
            "nombre_dispositifs": Dispositif.objects.publies().count(),
            "nombre_actions": ActionEducative.objects.publies().count(),
            "chiffres_cles": [
                (indicateur, dernieres[indicateur.pk])
                for indicateur in indicateurs
                if dernieres[indicateur.pk].derniere is not None
            ],
            "support_a_jour_au": support.jour_des_donnees(),
        },
    )


@never_cache
@require_GET
@transaction.non_atomic_requests
def sante(request):
    """Sonde pour le répartiteur de charge : 200 si la base répond, 503 sinon, en 1 s au plus.

    Sa propre connexion (portail.sonde), jamais celle de Django ni la session : la sonde
    n'attend pas derrière le pool quand la base est injoignable.
    """
    if not sonde.base_joignable():
        return JsonResponse(
            {
                "statut": "indisponible",
                "base": "injoignable",
                "message": "La base de données ne répond pas : le portail est indisponible.",
            },
            status=503,
        )
    return JsonResponse({"statut": "ok", "base": "joignable"})


journal = logging.getLogger(__name__)


def erreur_serveur(request):
    """Page 500, ou 503 « service indisponible » quand la base est injoignable.

    Django appelle ce gestionnaire pendant le traitement de l'exception : `sys.exc_info()` la
    donne. Le détail part dans les journaux (logger django.request), jamais dans la page.
    """
    erreur = sys.exc_info()[1]
    if isinstance(erreur, (OperationalError, InterfaceError)):
        journal.error("Base de données injoignable pendant %s %s", request.method, request.path)
        reponse = render(request, "503.html", status=503)
        reponse["Retry-After"] = "120"
        return reponse
    return render(request, "500.html", status=500)
