from django.urls import path

from contrat_ville import views_quartiers

app_name = "quartiers"

urlpatterns = [
    path("", views_quartiers.quartier_list, name="quartier-list"),
    path("<slug:slug>/", views_quartiers.quartier_detail, name="quartier-detail"),
]
