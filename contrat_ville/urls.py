from django.contrib import admin
from django.urls import include, path

from contrat_ville import views, views_pages
from dispositifs import views_actions

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("fiches/", include("fiches.urls")),
    path("dispositifs/", include("dispositifs.urls")),
    path("actions/", include("dispositifs.urls_actions")),
    path("quartiers/", include("contrat_ville.urls_quartiers")),
    path("seances/", include("seances.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("maillage/", views_actions.maillage, name="maillage"),
    path("support/", include("contrat_ville.urls_support")),
    path("donnees/", include("dispositifs.urls_donnees")),
    path("accessibilite/", views_pages.accessibilite, name="accessibilite"),
    path("mentions-legales/", views_pages.mentions_legales, name="mentions-legales"),
    path("plan-du-site/", views_pages.plan_du_site, name="plan-du-site"),
    path("gestion/", include("gestion.urls")),
    path("comptes/", include("gestion.urls_comptes")),
    path("admin/", admin.site.urls),
]

handler500 = "contrat_ville.views.erreur_serveur"
