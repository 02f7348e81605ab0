"""/comptes/ : la connexion et le changement de mot de passe de django.contrib.auth, limités par
adresse (gestion/limites.py), et la page affichée par django-axes quand un compte est verrouillé."""

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from contrat_ville.francais import pluriel
from gestion import limites


class LimiteeParAdresse:
    """Refuse l'essai (429, sur la page du formulaire) quand cette adresse a épuisé ses échecs,
    avant même de vérifier un mot de passe ; compte chaque échec. La vue donne `limite` et
    `formulaire_vierge()`, le formulaire réaffiché sans être validé."""

    def est_un_echec(self, form):
        return True

    def post(self, request, *args, **kwargs):
        attente = self.limite.attente(request)
        if not attente:
            return super().post(request, *args, **kwargs)
        minutes = pluriel(math.ceil(attente / 60), "minute")
        reponse = self.render_to_response(
            self.get_context_data(form=self.formulaire_vierge(), reessayer_dans=minutes),
            status=429,
        )
        reponse["Retry-After"] = str(attente)
        return reponse

    def form_invalid(self, form):
        if self.est_un_echec(form):
            self.limite.compter_echec(self.request)
        return super().form_invalid(form)


class Connexion(LimiteeParAdresse, auth_views.LoginView):
    template_name = "gestion/comptes/connexion.html"
    redirect_authenticated_user = True
    limite = limites.CONNEXION

    def formulaire_vierge(self):
        # Sans valider le formulaire (ce serait essayer le mot de passe) : l'identifiant saisi
        # est repris, le mot de passe jamais.
        identifiant = self.request.POST.get("username", "")[:150]
        return self.get_form_class()(self.request, initial={"username": identifiant})


class ChangementMotDePasse(LimiteeParAdresse, auth_views.PasswordChangeView):
    template_name = "gestion/comptes/mot_de_passe.html"
    limite = limites.MOT_DE_PASSE

    def formulaire_vierge(self):
        return self.get_form_class()(self.request.user)

    def est_un_echec(self, form):
        # Seul un ancien mot de passe faux compte : un nouveau trop court n'apprend rien.
        return "old_password" in form.errors


def compte_verrouille(request, original_response=None, credentials=None):
    """Réponse de django-axes (`AXES_LOCKOUT_CALLABLE`) après trop d'échecs de connexion."""
    return render(
        request,
        "gestion/comptes/verrouille.html",
        {
            "tentatives": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
