"""« Éléments supprimés » : ce qui a été supprimé dans l'espace équipe (ou l'admin), retrouvé
dans l'historique, et sa restauration par un coordinateur, avec ce que la suppression avait
emporté (`contrat_ville.corbeille`)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from contrat_ville import corbeille, francais
from contrat_ville.permissions import historique, permission
from contrat_ville.publication import PUBLIER
from contrat_ville.registre import registre
from gestion.acces import permission_requise
from gestion.historique import auteur, libelle_version

PAR_PAGE = 50


def permissions_de_restauration():
    """Restaurer une version de chaque type (permission de son historique) et décider de ce qui
    est public : une restauration remet un contenu publié en ligne."""
    return [permission(historique(contenu.modele), "change") for contenu in registre] + [
        permission(contenu.modele, PUBLIER) for contenu in registre.publiables()
    ]


@permission_requise(permissions_de_restauration)
@require_GET
def element_supprime_list(request):
    # Par pages : le nom d'un élément peut lire ce qu'il cite (une articulation, son action).
    page = Paginator(corbeille.elements_supprimes(), PAR_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "gestion/elements_supprimes.html",
        {"page": page, "elements": [(e, auteur(e.enregistrement)) for e in page]},
    )


def _suppression(type_, history_id):
    contenu = next((c for c in registre if c.nom == type_), None)
    if contenu is None:
        raise Http404("Type de contenu inconnu.")
    try:
        return contenu, corbeille.suppression(contenu, history_id)
    except ObjectDoesNotExist:
        raise Http404("Élément supprimé introuvable, ou déjà restauré.") from None


@permission_requise(permissions_de_restauration)
@require_http_methods(["GET", "POST"])
def element_supprime_restore(request, type_, history_id):
    contenu, enregistrement = _suppression(type_, history_id)
    nom = corbeille.nom_de(enregistrement)
    if request.method == "POST":
        try:
            restaures = corbeille.restaurer(enregistrement, par=request.user)
        except corbeille.RestaurationImpossible as erreur:
            messages.error(request, f"Restauration impossible : {erreur}")
            return redirect("gestion:element-supprime-list")
        emportes = len(restaures) - 1
        suite = f", avec {francais.pluriel(emportes, 'élément lié')}" if emportes else ""
        messages.success(request, f"Restauration faite : « {nom} »{suite}.")
        return redirect(contenu.url_gestion("detail", restaures[0].pk))
    emportes = corbeille.emportes_avec(enregistrement)
    return TemplateResponse(
        request,
        "gestion/element_supprime_restore.html",
        {
            "contenu": contenu,
            "enregistrement": enregistrement,
            "nom": nom,
            "libelle": libelle_version(enregistrement),
            "emportes": sorted(corbeille.nom_de(e) for e in emportes),
        },
    )
