"""/comptes/ : les vues de django.contrib.auth avec des gabarits français ; connexion et
changement de mot de passe limités par adresse (gestion/views/comptes.py). La déconnexion se
fait par POST (bouton de l'en-tête de l'espace équipe)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from gestion.views import comptes

app_name = "comptes"
urlpatterns = [
    path(
        "connexion/",
        comptes.Connexion.as_view(),
        name="connexion",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/",
        comptes.ChangementMotDePasse.as_view(
            success_url=reverse_lazy("comptes:mot-de-passe-modifie")
        ),
        name="mot-de-passe",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="gestion/comptes/mot_de_passe_modifie.html"
        ),
        name="mot-de-passe-modifie",
    ),
]
