from django.urls import path

from contrat_ville import views_support

app_name = "support"

urlpatterns = [
    path("", views_support.apercu, name="apercu"),
    path("pdf/", views_support.support_pdf, name="pdf"),
]
