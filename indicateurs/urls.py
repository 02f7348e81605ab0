from django.urls import path

from indicateurs import views
from portail.views import indicateurs as exports_des_indicateurs

app_name = "indicateurs"

urlpatterns = [
    path("", views.indicateur_list, name="indicateur-list"),
    path("<int:pk>/", views.indicateur_detail, name="indicateur-detail"),
    path("export.csv", exports_des_indicateurs.export_csv, name="export-csv"),
]
