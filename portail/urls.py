"""Les URL des pages du portail qui croisent plusieurs applications : quartiers, support de
présentation et données ouvertes (chacune son espace de noms, voir `contrat_ville/urls.py`)."""

from django.urls import path

from portail.views import donnees, quartiers, support

urls_quartiers = (
    [
        path("", quartiers.quartier_list, name="quartier-list"),
        path("<slug:slug>/", quartiers.quartier_detail, name="quartier-detail"),
    ],
    "quartiers",
)

urls_support = (
    [
        path("", support.apercu, name="apercu"),
        path("pdf/", support.support_pdf, name="pdf"),
    ],
    "support",
)

urls_donnees = (
    [
        path("", donnees.index, name="index"),
        path("dispositifs.json", donnees.dispositifs_json, name="dispositifs-json"),
        path("structures.json", donnees.structures_json, name="structures-json"),
        path("dispositifs.csv", donnees.dispositifs_csv, name="dispositifs-csv"),
        path("structures.csv", donnees.structures_csv, name="structures-csv"),
    ],
    "donnees",
)
