from django.contrib import admin
from django.urls import include, path

from contrat_ville import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("fiches/", include("fiches.urls")),
    path("admin/", admin.site.urls),
]
