from django.urls import path

from dispositifs import views
from portail.views import dispositifs as pages_des_dispositifs
from portail.views import orientation as fiche_famille

app_name = "dispositifs"

urlpatterns = [
    path("", views.dispositif_list, name="dispositif-list"),
    path("orientation/", views.orientation, name="orientation"),
    path("orientation/pdf/", fiche_famille.orientation_pdf, name="orientation-pdf"),
    path("<slug:slug>/", pages_des_dispositifs.dispositif_detail, name="dispositif-detail"),
]
