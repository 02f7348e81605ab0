from django.contrib import admin
from django.urls import include, path

from actions import views as actions
from portail import urls as portail
from portail.views import accueil, declarations, structures

urlpatterns = [
    path("", accueil.accueil, name="accueil"),
    path("sante/", accueil.sante, name="sante"),
    path("fiches/", include("fiches.urls")),
    path("dispositifs/", include("dispositifs.urls")),
    path("actions/", include("actions.urls")),
    path("quartiers/", include(portail.urls_quartiers)),
    path("structures/<slug:slug>/", structures.structure_detail, name="structure-detail"),
    path("seances/", include("seances.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("maillage/", actions.maillage, name="maillage"),
    path("support/", include(portail.urls_support)),
    path("donnees/", include(portail.urls_donnees)),
    path("accessibilite/", declarations.accessibilite, name="accessibilite"),
    path("mentions-legales/", declarations.mentions_legales, name="mentions-legales"),
    path("plan-du-site/", declarations.plan_du_site, name="plan-du-site"),
    path("gestion/", include("gestion.urls")),
    path("comptes/", include("gestion.urls_comptes")),
    path("admin/", admin.site.urls),
]

handler500 = "portail.views.accueil.erreur_serveur"
