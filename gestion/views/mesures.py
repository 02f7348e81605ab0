"""Les vues des mesures d'indicateurs : la liste des indicateurs et de leurs valeurs, la grille
de saisie d'un indicateur, l'export et l'import (analyse à blanc puis confirmation)."""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from contrat_ville import francais
from contrat_ville.permissions import permission
from contrat_ville.registre import registre
from gestion import imports
from gestion.acces import permission_requise
from gestion.mesures import (
    ANNEE_MAX,
    ANNEE_MIN,
    COLONNES_EXPORT,
    ECART_MAX,
    MOTIF_GRILLE,
    PlageAnnees,
    SourceForm,
    charger_grille,
    ecrire,
    lignes_export,
    mesures_a_exporter,
)
from gestion.roles import IMPORTER_DES_MESURES, role_minimal
from indicateurs import series
from indicateurs.models import Indicateur, Mesure
from indicateurs.valeurs import TYPES_NUMERIQUES
from portail import tableurs

LIGNES_AFFICHEES = 1000  # par partie du rapport d'import ; le décompte, lui, est complet
LIRE = (permission(Indicateur, "view"), permission(Mesure, "view"))
SAISIR = tuple(permission(Mesure, action) for action in ("add", "change", "delete"))
IMPORTER = (IMPORTER_DES_MESURES, *SAISIR[:2])  # un import crée et met à jour, sans supprimer


@permission_requise(*LIRE)
@require_GET
def mesure_list(request):
    indicateurs = Indicateur.objects.pour_liste().annotate(
        nombre_de_valeurs=Count("mesures"), derniere_annee=Max("mesures__periode")
    )
    return TemplateResponse(
        request,
        "gestion/mesures_list.html",
        {
            "indicateurs": indicateurs,
            "peut_importer": request.user.has_perms(IMPORTER),
            "url_indicateurs": registre.type_de(Indicateur).url_gestion("list"),
        },
    )


# --- Grille ------------------------------------------------------------------------------------


def _lien_annees(request, debut, fin, libelle):
    if fin - debut >= ECART_MAX or debut < ANNEE_MIN or fin > ANNEE_MAX:
        return None
    return (libelle, f"{request.path}?{urlencode({'debut': debut, 'fin': fin})}")


def _liens_annees(request, grille):
    debut, fin = grille.annees[0], grille.annees[-1]
    liens = [
        _lien_annees(request, debut - 1, fin, f"Ajouter l’année {debut - 1}"),
        _lien_annees(request, debut, fin + 1, f"Ajouter l’année {fin + 1}"),
    ]
    if grille.autres_annees:
        autres = ", ".join(str(annee) for annee in grille.autres_annees)
        liens.append(
            _lien_annees(
                request,
                min(debut, grille.autres_annees[0]),
                max(fin, grille.autres_annees[-1]),
                f"Afficher aussi les années qui ont des valeurs : {autres}",
            )
        )
    return [lien for lien in liens if lien]


@permission_requise(*LIRE)
@require_http_methods(["GET", "POST"])
def indicateur_mesures(request, pk):
    """La grille « quartiers × années » d'un indicateur saisi : en lecture avec les permissions de
    lecture, en saisie avec celles d'écrire des mesures ; enregistrée tout ou rien."""
    indicateur = get_object_or_404(Indicateur.objects.pour_page(), pk=pk)
    peut_saisir = request.user.has_perms(SAISIR)
    if request.method == "POST" and not peut_saisir:
        raise PermissionDenied(
            f"La saisie des valeurs est réservée aux comptes ayant le rôle {role_minimal(*SAISIR)}"
            " ou un rôle supérieur."
        )
    contexte = {
        "indicateur": indicateur,
        "origine": series.origine(indicateur),
        "url_indicateur": registre.type_de(Indicateur).url_gestion("detail", indicateur.pk),
        "grille": None,
    }
    if indicateur.est_calcule:
        if request.method == "POST":
            raise PermissionDenied(
                "Les valeurs de cet indicateur sont calculées à partir des données du portail : "
                "elles ne se saisissent pas."
            )
        return TemplateResponse(request, "gestion/mesures_grille.html", contexte)

    plage = PlageAnnees(request.GET or None)
    grille = charger_grille(indicateur, *plage.bornes())
    form = SourceForm(request.POST) if request.method == "POST" else SourceForm()
    statut, erreur_generale = 200, ""
    if request.method == "POST":
        source = form.cleaned_data["source"] if form.is_valid() else ""
        ecritures = grille.lire(request.POST, source=source)
        if form.is_valid() and not grille.erreurs:
            if not ecritures:
                messages.info(request, "Aucune valeur n’a changé : rien à enregistrer.")
                return redirect(request.get_full_path())
            try:
                ecrire(ecritures, par=request.user, motif=MOTIF_GRILLE)
            except IntegrityError:
                statut = 409
                erreur_generale = (
                    "Rien n’a été enregistré : quelqu’un vient de créer une valeur pour l’une de "
                    "ces cases. Rechargez la grille pour la voir, puis reprenez votre saisie."
                )
            else:
                messages.success(
                    request,
                    f"Valeurs enregistrées pour « {indicateur} » : "
                    f"{len(ecritures.a_creer)} ajoutée(s), {len(ecritures.a_modifier)} "
                    f"modifiée(s), {len(ecritures.a_supprimer)} supprimée(s).",
                )
                return redirect(request.get_full_path())
        elif grille.conflits:
            statut = 409
    contexte.update(
        grille=grille,
        plage=plage,
        form=form,
        peut_saisir=peut_saisir,
        mode_de_saisie="decimal" if indicateur.type_valeur in TYPES_NUMERIQUES else "text",
        liens_annees=_liens_annees(request, grille),
        erreur_generale=erreur_generale,
    )
    return TemplateResponse(request, "gestion/mesures_grille.html", contexte, status=statut)


# --- Export ------------------------------------------------------------------------------------


@permission_requise(*LIRE)
@require_GET
def mesure_export(request, format):
    """Les mesures des indicateurs saisis (d'un seul avec `?indicateur=<id>`), au format que
    l'import relit."""
    indicateur = None
    if re.fullmatch(r"[0-9]{1,18}", choisi := request.GET.get("indicateur", "")):
        indicateur = get_object_or_404(Indicateur, pk=choisi)
    nom = f"mesures-{timezone.localdate():%Y-%m-%d}"
    if indicateur is not None:
        nom = f"mesures-indicateur-{indicateur.pk}-{timezone.localdate():%Y-%m-%d}"
    return tableurs.reponse_tableur(
        format,
        nom,
        COLONNES_EXPORT,
        lignes_export(mesures_a_exporter(indicateur)),
        titre="Mesures",
    )


# --- Import ------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text=(
            f"{imports.TAILLE_MAX // 1024 // 1024} Mo et "
            f"{francais.nombre(imports.LIGNES_MAX)} lignes au plus."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel," + tableurs.TYPE_XLSX}
        ),
    )

    def clean_fichier(self):
        """Le fichier est lu entier ici : un fichier illisible (vide, trop gros, endommagé,
        sans les colonnes attendues) est refusé avant d'être gardé."""
        fichier = self.cleaned_data["fichier"]
        if fichier.size > imports.TAILLE_MAX:
            raise forms.ValidationError(
                f"Fichier trop volumineux : {imports.TAILLE_MAX // 1024 // 1024} Mo au plus. "
                "Découpez-le en plusieurs imports."
            )
        try:
            self.tableau = imports.lire_tableau(fichier.read(), fichier.name)
        except imports.FichierIllisible as erreur:
            raise forms.ValidationError(str(erreur)) from erreur
        return fichier


@permission_requise(*IMPORTER)
@require_http_methods(["GET", "POST"])
def mesure_import(request):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        jeton = imports.deposer(request.session, form.tableau, form.cleaned_data["fichier"].name)
        return redirect("gestion:mesure-import-rapport", jeton=jeton)
    return TemplateResponse(request, "gestion/import_form.html", {"form": form})


def _import_introuvable(request):
    return TemplateResponse(request, "gestion/import_introuvable.html", {}, status=404)


@permission_requise(*IMPORTER)
@require_http_methods(["GET", "POST"])
def mesure_import_rapport(request, jeton):
    """Le rapport de l'analyse à blanc (GET) ; sa confirmation ou son abandon (POST). L'analyse
    est refaite à chaque fois sur le tableau lu au dépôt : la confirmation n'écrit que si elle
    donne le rapport que la personne a lu."""
    depot = imports.relire(request.session, jeton)
    if depot is None:
        return _import_introuvable(request)
    tableau, nom = depot
    rapport = imports.analyser(tableau, nom=nom)

    statut, erreur = 200, ""
    if request.method == "POST":
        choix = request.POST.get("choix", "")
        if choix == "annuler":
            imports.oublier(request.session, jeton)
            messages.info(request, f"Import de « {nom} » annulé : rien n’a été écrit.")
            return redirect("gestion:mesure-import")
        if request.POST.get("empreinte") != rapport.empreinte:
            statut = 409
            erreur = (
                "Les données ont changé depuis l’analyse du fichier : voici le rapport à jour. "
                "Rien n’a été écrit ; relisez-le avant de confirmer."
            )
        elif rapport.rejetees and choix != "lignes_valides":
            statut = 409
            erreur = (
                "Rien n’a été écrit : le fichier contient des lignes rejetées. Corrigez-le et "
                "déposez-le de nouveau, ou choisissez « Importer seulement les lignes valides »."
            )
        elif not rapport.a_ecrire:
            imports.oublier(request.session, jeton)
            messages.info(request, f"Rien à importer depuis « {nom} » : aucune valeur ne change.")
            return redirect("gestion:mesure-list")
        else:
            try:
                imports.appliquer(rapport, par=request.user)
            except IntegrityError:
                statut = 409
                erreur = (
                    "Rien n’a été écrit : quelqu’un vient d’enregistrer une valeur qui figure "
                    "aussi dans le fichier. Rechargez ce rapport, puis confirmez de nouveau."
                )
            else:
                imports.oublier(request.session, jeton)
                messages.success(
                    request,
                    f"Import de « {nom} » fait : {len(rapport.creations)} valeur(s) créée(s), "
                    f"{len(rapport.mises_a_jour)} mise(s) à jour, {len(rapport.inchangees)} "
                    f"inchangée(s), {len(rapport.rejetees)} ligne(s) rejetée(s) non importée(s).",
                )
                return redirect("gestion:mesure-list")
    return TemplateResponse(
        request,
        "gestion/import_rapport.html",
        {
            "rapport": rapport,
            "erreur": erreur,
            "rejetees": rapport.rejetees[:LIGNES_AFFICHEES],
            "valides": rapport.valides[:LIGNES_AFFICHEES],
            "limite": LIGNES_AFFICHEES,
            "action": reverse("gestion:mesure-import-rapport", kwargs={"jeton": jeton}),
        },
        status=statut,
    )
