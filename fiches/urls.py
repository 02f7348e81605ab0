from django.urls import path, register_converter

from fiches import views
from portail.views import fiches as pages_des_fiches


class CodeDeFiche:
    """« 1.2.2 », « V12.3 » : lettres, chiffres, points et tirets (ni octet nul ni « / »)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}"

    def to_python(self, valeur):
        return valeur

    def to_url(self, valeur):
        return valeur


register_converter(CodeDeFiche, "code_fiche")

app_name = "fiches"

urlpatterns = [
    path("", views.fiche_list, name="fiche-list"),
    path("<code_fiche:code>/pdf/", pages_des_fiches.fiche_pdf, name="fiche-pdf"),
    path("<code_fiche:code>/", pages_des_fiches.fiche_detail, name="fiche-detail"),
]
