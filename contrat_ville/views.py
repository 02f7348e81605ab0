from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contrat_ville.models import ContratDeVille
from dispositifs.models import ActionEducative, Dispositif
from fiches.models import Fiche
from indicateurs import series
from indicateurs.models import Indicateur
from seances.models import Seance

PROCHAINES_SEANCES = 3


@require_GET
def accueil(request):
    indicateurs = list(Indicateur.objects.pour_liste())
    globales = series.series_globales(indicateurs)
    return TemplateResponse(
        request,
        "contrat_ville/accueil.html",
        {
            "contrat": ContratDeVille.objects.order_by("-annee_debut").first(),
            "fiches": Fiche.objects.publies().order_by("code"),
            "prochaines_seances": Seance.objects.publies()
            .a_venir()
            .select_related("quartier")[:PROCHAINES_SEANCES],
            "nombre_dispositifs": Dispositif.objects.publies().count(),
            "nombre_actions": ActionEducative.objects.publies().count(),
            "chiffres_cles": [
                (indicateur, globales[indicateur.pk])
                for indicateur in indicateurs
                if indicateur.pk in globales and globales[indicateur.pk].derniere is not None
            ],
        },
    )


@never_cache
@require_GET
@transaction.non_atomic_requests
def sante(request):
    """Sonde pour le répartiteur de charge : 200 si la base répond, 503 sinon."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"statut": "indisponible", "base": "injoignable"}, status=503)
    return JsonResponse({"statut": "ok", "base": "joignable"})
