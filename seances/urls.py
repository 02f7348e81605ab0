from django.urls import path

from seances import views

app_name = "seances"

urlpatterns = [
    path("", views.seance_list, name="seance-list"),
    path("agenda.ics", views.agenda, name="agenda"),
    path("<int:pk>/", views.seance_detail, name="seance-detail"),
    path("<int:pk>/agenda.ics", views.seance_agenda, name="seance-agenda"),
]
