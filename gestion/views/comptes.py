"""La page affichée par django-axes quand un compte est verrouillé."""

from django.conf import settings
from django.shortcuts import render


def compte_verrouille(request, original_response=None, credentials=None):
    """Réponse de django-axes (`AXES_LOCKOUT_CALLABLE`) après trop d'échecs de connexion."""
    return render(
        request,
        "gestion/comptes/verrouille.html",
        {
            "tentatives": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
