from django.urls import path

from indicateurs import views

app_name = "indicateurs"

urlpatterns = [
    path("", views.indicateur_list, name="indicateur-list"),
    path("<int:pk>/", views.indicateur_detail, name="indicateur-detail"),
    path("export.csv", views.export_csv, name="export-csv"),
]
