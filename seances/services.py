"""Écritures du travail partenarial qui touchent plusieurs objets à la fois."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from seances.models import Diffusion


@transaction.atomic
def enregistrer_diffusion(
    *,
    support,
    destinataire,
    par,
    quartier=None,
    fiche=None,
    date=None,
    commentaire="",
    pdf_bytes,
):
    """Enregistre la transmission d'un support avec les octets exacts du PDF envoyé.

    Le fichier est stocké tel quel (jamais re-rendu : le support évolue avec les données) et son
    empreinte SHA-256 permet de vérifier plus tard qu'il n'a pas changé. Si l'enregistrement
    échoue, le fichier déjà écrit est supprimé : ni trace sans fichier, ni fichier orphelin.
    """
    if not pdf_bytes:
        raise ValueError("Le PDF transmis est vide.")
    empreinte = hashlib.sha256(pdf_bytes).hexdigest()
    diffusion = Diffusion(
        support=support,
        destinataire=destinataire,
        quartier=quartier,
        fiche=fiche,
        date=date or timezone.localdate(),
        commentaire=commentaire,
        empreinte=empreinte,
        enregistree_par=par,
    )
    diffusion.full_clean(exclude=["fichier"])
    nom = f"{support}-{diffusion.date:%Y-%m-%d}-{empreinte[:12]}.pdf"
    diffusion.fichier.save(nom, ContentFile(pdf_bytes), save=False)
    try:
        diffusion.save()
    except Exception:
        diffusion.fichier.delete(save=False)
        raise
    return diffusion
