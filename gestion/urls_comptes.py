"""/comptes/ : les vues de django.contrib.auth, utilisées telles quelles avec des gabarits
français. La déconnexion se fait par POST (bouton de l'en-tête de l'espace équipe)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

app_name = "comptes"
urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="gestion/comptes/connexion.html", redirect_authenticated_user=True
        ),
        name="connexion",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(
            template_name="gestion/comptes/mot_de_passe.html",
            success_url=reverse_lazy("comptes:mot-de-passe-modifie"),
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
