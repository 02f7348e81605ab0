"""Le répertoire en données ouvertes (schéma data·inclusion v1) : documentation, JSON, CSV."""

from django.conf import settings
from django.db.models import Max
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portail import opendata, tableurs


def _origine(request):
    return request.build_absolute_uri("/").rstrip("/")


def _ouvert(response):
    """Données publiques : lisibles depuis n'importe quel site (CORS)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def index(request):
    dates = [
        opendata.dispositifs_exportes().aggregate(date=Max("modifie_le"))["date"],
        opendata.structures_exportees().aggregate(date=Max("modifie_le"))["date"],
    ]
    dates = [date for date in dates if date is not None]
    return TemplateResponse(
        request,
        "portail/donnees/index.html",
        {
            "mise_a_jour": timezone.localdate(max(dates)) if dates else None,
            "source": settings.DONNEES_SOURCE,
            "separateur": opendata.SEPARATEUR_LISTE,
            "champs_service": opendata.CHAMPS_SERVICE,
            "champs_structure": opendata.CHAMPS_STRUCTURE,
        },
    )


def _json(enregistrements):
    return _ouvert(
        JsonResponse(enregistrements, safe=False, json_dumps_params={"ensure_ascii": False})
    )


def _csv(enregistrements, champs, nom):
    """Le CSV des données ouvertes (RFC 4180 : UTF-8 sans BOM, virgule)."""
    entetes, lignes = opendata.lignes_csv(enregistrements, champs)
    return _ouvert(tableurs.reponse_csv(nom, entetes, lignes, dialecte=tableurs.DONNEES_OUVERTES))


@require_GET
def dispositifs_json(request):
    return _json(opendata.services(origine=_origine(request)))


@require_GET
def structures_json(request):
    return _json(opendata.structures())


@require_GET
def dispositifs_csv(request):
    services = opendata.services(origine=_origine(request))
    return _csv(services, opendata.CHAMPS_SERVICE, "dispositifs")


@require_GET
def structures_csv(request):
    structures = opendata.structures()
    return _csv(structures, opendata.CHAMPS_STRUCTURE, "structures")
