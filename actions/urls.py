from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="action-list"),
    path("<slug:slug>/", views.action_detail, name="action-detail"),
]
