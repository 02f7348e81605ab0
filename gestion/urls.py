from django.urls import path, re_path

from gestion.contenus import TYPES
from gestion.views import contenus, corbeille, diffusions, exports, mesures, tableau

app_name = "gestion"


def urls_du_type(contenu):
    """Les URL d'un type de contenu : `gestion:<modèle>-list`, `-create`, `-detail`…"""
    prefixe, nom, options = contenu.chemin, contenu.nom, {"contenu": contenu}
    return [
        path(f"{prefixe}/", contenus.objet_list, options, name=f"{nom}-list"),
        path(f"{prefixe}/ajouter/", contenus.objet_create, options, name=f"{nom}-create"),
        path(f"{prefixe}/<int:pk>/", contenus.objet_detail, options, name=f"{nom}-detail"),
        path(f"{prefixe}/<int:pk>/modifier/", contenus.objet_update, options, name=f"{nom}-update"),
        path(
            f"{prefixe}/<int:pk>/dupliquer/",
            contenus.objet_duplicate,
            options,
            name=f"{nom}-duplicate",
        ),
        path(
            f"{prefixe}/<int:pk>/supprimer/", contenus.objet_delete, options, name=f"{nom}-delete"
        ),
        path(
            f"{prefixe}/<int:pk>/historique/",
            contenus.objet_history,
            options,
            name=f"{nom}-history",
        ),
        path(
            f"{prefixe}/<int:pk>/historique/<int:history_id>/restaurer/",
            contenus.objet_restore,
            options,
            name=f"{nom}-restore",
        ),
        path(
            f"{prefixe}/<int:pk>/statut/<slug:action>/",
            contenus.objet_transition,
            options,
            name=f"{nom}-transition",
        ),
        # /gestion/<chemin>/export.csv ou .xlsx
        re_path(
            rf"^{prefixe}/export\.(?P<format>csv|xlsx)$",
            exports.objet_export,
            options,
            name=f"{nom}-export",
        ),
    ]


urlpatterns = [path("", tableau.tableau_de_bord, name="tableau-de-bord")]
for contenu in TYPES:
    urlpatterns += urls_du_type(contenu)

# Mesures des indicateurs (grille, import, export), diffusions.
urlpatterns += [
    path("mesures/", mesures.mesure_list, name="mesure-list"),
    re_path(
        r"^mesures/export\.(?P<format>csv|xlsx)$",
        mesures.mesure_export,
        name="mesure-export",
    ),
    path("mesures/import/", mesures.mesure_import, name="mesure-import"),
    path(
        "mesures/import/<slug:jeton>/",
        mesures.mesure_import_rapport,
        name="mesure-import-rapport",
    ),
    path(
        "indicateurs/<int:pk>/mesures/",
        mesures.indicateur_mesures,
        name="indicateur-mesures",
    ),
    path("diffusions/", diffusions.diffusion_list, name="diffusion-list"),
    path("diffusions/ajouter/", diffusions.diffusion_create, name="diffusion-create"),
    path("diffusions/<int:pk>/fichier/", diffusions.diffusion_fichier, name="diffusion-fichier"),
]

# Éléments supprimés, retrouvés dans l'historique et restaurés par un coordinateur.
urlpatterns += [
    path("supprimes/", corbeille.element_supprime_list, name="element-supprime-list"),
    path(
        "supprimes/<slug:type_>/<int:history_id>/restaurer/",
        corbeille.element_supprime_restore,
        name="element-supprime-restore",
    ),
]
