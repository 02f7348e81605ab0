"""L'export d'une liste de l'espace équipe, avec ses filtres du moment (toutes les pages), en CSV
ou en XLSX ; l'écriture des fichiers est celle de `portail.tableurs`."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from gestion.acces import permission_sur_le_type
from gestion.exports import colonnes_export
from portail import tableurs


@permission_sur_le_type("view")
@require_GET
def objet_export(request, format, contenu):
    """La liste telle que filtrée à l'écran (toutes les pages), en CSV ou en XLSX."""
    if format not in tableurs.FORMATS:
        raise Http404("Format d'export inconnu.")
    filtres = contenu.filtrer(request.GET)
    colonnes = colonnes_export(contenu)
    lignes = (
        [colonne.valeur(objet) for colonne in colonnes]
        for objet in filtres.qs.iterator(chunk_size=2000)
    )
    nom = f"{contenu.chemin}-{timezone.localdate():%Y-%m-%d}"
    return tableurs.reponse_tableur(
        format,
        nom,
        [colonne.libelle for colonne in colonnes],
        lignes,
        titre=contenu.libelle_pluriel,
    )
