from django.urls import path

from dispositifs import views

app_name = "dispositifs"

urlpatterns = [
    path("", views.dispositif_list, name="dispositif-list"),
    path("orientation/", views.orientation, name="orientation"),
    path("<slug:slug>/", views.dispositif_detail, name="dispositif-detail"),
]
