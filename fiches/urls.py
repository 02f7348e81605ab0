from django.urls import path

from fiches import views

app_name = "fiches"

urlpatterns = [
    path("", views.fiche_list, name="fiche-list"),
    path("<str:code>/", views.fiche_detail, name="fiche-detail"),
]
