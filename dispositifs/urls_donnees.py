from django.urls import path

from dispositifs import views_donnees

app_name = "donnees"

urlpatterns = [
    path("", views_donnees.index, name="index"),
    path("dispositifs.json", views_donnees.dispositifs_json, name="dispositifs-json"),
    path("structures.json", views_donnees.structures_json, name="structures-json"),
    path("dispositifs.csv", views_donnees.dispositifs_csv, name="dispositifs-csv"),
    path("structures.csv", views_donnees.structures_csv, name="structures-csv"),
]
