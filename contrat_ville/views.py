from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contrat_ville.models import ContratDeVille
from fiches.models import Fiche


@require_GET
def accueil(request):
    contrat = ContratDeVille.objects.order_by("-annee_debut").first()
    fiches = Fiche.objects.publies().select_related("axe__pilier").order_by("code")
    return TemplateResponse(
        request, "contrat_ville/accueil.html", {"contrat": contrat, "fiches": fiches}
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
