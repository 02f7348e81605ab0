from django.urls import path

from dispositifs import views_actions

app_name = "actions"

urlpatterns = [
    path("", views_actions.action_list, name="action-list"),
    path("<slug:slug>/", views_actions.action_detail, name="action-detail"),
]
