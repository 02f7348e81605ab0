from django.urls import path, re_path

from gestion import diffusions, exports, views, vues_mesures
from gestion.contenus import TYPES

app_name = "gestion"


def urls_du_type(contenu):
    """Les URL d'un type de contenu : `gestion:<modèle>-list`, `-create`, `-detail`…"""
    prefixe, nom, options = contenu.chemin, contenu.nom, {"contenu": contenu}
    return [
        path(f"{prefixe}/", views.objet_list, options, name=f"{nom}-list"),
        path(f"{prefixe}/ajouter/", views.objet_create, options, name=f"{nom}-create"),
        path(f"{prefixe}/<int:pk>/", views.objet_detail, options, name=f"{nom}-detail"),
        path(f"{prefixe}/<int:pk>/modifier/", views.objet_update, options, name=f"{nom}-update"),
        path(
            f"{prefixe}/<int:pk>/dupliquer/",
            views.objet_duplicate,
            options,
            name=f"{nom}-duplicate",
        ),
        path(f"{prefixe}/<int:pk>/supprimer/", views.objet_delete, options, name=f"{nom}-delete"),
        path(
            f"{prefixe}/<int:pk>/historique/",
            views.objet_history,
            options,
            name=f"{nom}-history",
        ),
        path(
            f"{prefixe}/<int:pk>/historique/<int:history_id>/restaurer/",
            views.objet_restore,
            options,
            name=f"{nom}-restore",
        ),
        path(
            f"{prefixe}/<int:pk>/statut/<slug:action>/",
            views.objet_transition,
            options,
            name=f"{nom}-transition",
        ),
    ]


urlpatterns = [path("", views.tableau_de_bord, name="tableau-de-bord")]
for contenu in TYPES:
    urlpatterns += urls_du_type(contenu)

# Mesures des indicateurs (grille, import, export), exports des listes, diffusions.
urlpatterns += [
    path("mesures/", vues_mesures.mesure_list, name="mesure-list"),
    re_path(
        r"^mesures/export\.(?P<format>csv|xlsx)$",
        vues_mesures.mesure_export,
        name="mesure-export",
    ),
    path("mesures/import/", vues_mesures.mesure_import, name="mesure-import"),
    path(
        "mesures/import/<slug:jeton>/",
        vues_mesures.mesure_import_rapport,
        name="mesure-import-rapport",
    ),
    path(
        "indicateurs/<int:pk>/mesures/",
        vues_mesures.indicateur_mesures,
        name="indicateur-mesures",
    ),
    path("diffusions/", diffusions.diffusion_list, name="diffusion-list"),
    path("diffusions/ajouter/", diffusions.diffusion_create, name="diffusion-create"),
    path("diffusions/<int:pk>/fichier/", diffusions.diffusion_fichier, name="diffusion-fichier"),
]
for contenu in TYPES:
    urlpatterns += exports.urls_export(contenu)
