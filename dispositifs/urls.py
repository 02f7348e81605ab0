from django.urls import path

from dispositifs import views
from portail.views import dispositifs as pages_des_dispositifs

app_name = "dispositifs"

urlpatterns = [
    path("", views.dispositif_list, name="dispositif-list"),
    path("orientation/", views.orientation, name="orientation"),
    path("<slug:slug>/", pages_des_dispositifs.dispositif_detail, name="dispositif-detail"),
]
