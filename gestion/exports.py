"""Les exports de l'espace équipe : chaque liste, avec ses filtres du moment, en CSV pour un
tableur français ou en XLSX (écriture et règle contre les formules : `portail.tableurs`). Chaque
export se construit en mémoire en un nombre fixe de requêtes, quel que soit le nombre de lignes.
"""

from django.http import Http404
from django.urls import re_path
from django.utils import timezone
from django.views.decorators.http import require_GET

from contrat_ville.roles import LECTEUR
from gestion.acces import role_requis
from gestion.edition import Colonne
from portail import tableurs


def colonnes_export(contenu):
    """Les colonnes de la liste à l'écran : identifiant, nom, colonnes du type, et pour un
    contenu soumis au cycle de publication, statut et date de dernière modification."""
    colonnes = [Colonne("Identifiant", lambda objet: objet.pk), Colonne("Nom", str)]
    colonnes += contenu.colonnes
    if contenu.publiable:
        colonnes += [
            Colonne("Statut", lambda objet: objet.get_statut_display()),
            Colonne("Modifié le", lambda objet: objet.modifie_le),
        ]
    return colonnes


@role_requis(LECTEUR)
@require_GET
def objet_export(request, format, contenu):
    """La liste telle que filtrée à l'écran (toutes les pages), en CSV ou en XLSX."""
    if format not in tableurs.FORMATS:
        raise Http404("Format d'export inconnu.")
    filtres = contenu.filtres(request.GET)
    objets = filtres.filtrer(contenu.pour_liste(contenu.modele.objects.all()))
    colonnes = colonnes_export(contenu)
    lignes = (
        [colonne.valeur(objet) for colonne in colonnes]
        for objet in objets.iterator(chunk_size=2000)
    )
    nom = f"{contenu.chemin}-{timezone.localdate():%Y-%m-%d}"
    return tableurs.reponse_tableur(
        format,
        nom,
        [colonne.libelle for colonne in colonnes],
        lignes,
        titre=contenu.libelle_pluriel,
    )


def urls_export(contenu):
    """`gestion:<modèle>-export`, argument `csv` ou `xlsx` : /gestion/<chemin>/export.csv."""
    return [
        re_path(
            rf"^{contenu.chemin}/export\.(?P<format>csv|xlsx)$",
            objet_export,
            {"contenu": contenu},
            name=f"{contenu.nom}-export",
        )
    ]
