from django.contrib import admin
from django.urls import include, path

from contrat_ville import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("fiches/", include("fiches.urls")),
    path("dispositifs/", include("dispositifs.urls")),
    path("actions/", include("dispositifs.urls_actions")),
    path("quartiers/", include("contrat_ville.urls_quartiers")),
    path("seances/", include("seances.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("admin/", admin.site.urls),
]
