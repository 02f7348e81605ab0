"""Les vues génériques d'un type de contenu (`contenu`, des `EcransDeGestion` passés par l'URL,
voir `gestion/urls.py`).

Chaque vue vérifie une permission (décorateur) et, quand le droit dépend de l'objet, la règle du
cœur sur cet objet (`contrat_ville.permissions`, cycle de publication) : rien n'est seulement
caché dans les gabarits.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contrat_ville import corbeille
from contrat_ville.permissions import historique as modele_historique
from contrat_ville.permissions import permission, peut_modifier, peut_supprimer
from contrat_ville.publication import ConflitDeRevision, TransitionInterdite
from gestion import historique
from gestion.acces import classe_du_bouton, permission_sur_le_type, refus_modification
from gestion.edition import enregistrer
from gestion.forms import ActionForm, ComparaisonForm, RevisionForm
from gestion.roles import role_minimal
from gestion.suppression import impact_de_la_suppression


@dataclass
class Ligne:
    objet: object
    valeurs: list


def _peut_creer(user, contenu):
    return user.has_perm(permission(contenu.modele, "add"))


@permission_sur_le_type("view")
@require_GET
def objet_list(request, contenu):
    filtres = contenu.filtrer(request.GET)
    page = Paginator(filtres.qs, contenu.par_page).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        contenu.gabarits("list"),
        {
            "contenu": contenu,
            "filtres": filtres,
            "page": page,
            "lignes": [Ligne(o, [c.valeur(o) for c in contenu.colonnes]) for o in page],
            "peut_creer": _peut_creer(request.user, contenu),
        },
    )


@dataclass
class Bouton:
    """Une étape du cycle de publication proposée sur la page de l'objet."""

    nom: str
    libelle: str
    classe: str


def _boutons(user, contenu, objet):
    """Les étapes du cycle de publication que cet utilisateur peut faire sur cet objet."""
    return [
        Bouton(transition.nom, transition.libelle, classe_du_bouton(transition))
        for transition in contenu.transitions
        if transition.permise(user, objet)
    ]


@permission_sur_le_type("view")
@require_GET
def objet_detail(request, pk, contenu):
    objets = contenu.modele.objects.all()
    if contenu.publiable:
        objets = objets.select_related("statut_modifie_par")
    objet = get_object_or_404(objets, pk=pk)
    return TemplateResponse(
        request,
        contenu.gabarits("detail"),
        {
            "contenu": contenu,
            "objet": objet,
            "champs": contenu.champs_affiches(objet),
            "actions": _boutons(request.user, contenu, objet),
            "form_action": ActionForm(initial={"revision": objet.revision})
            if contenu.publiable
            else None,
            "peut_modifier": peut_modifier(request.user, objet),
            "peut_supprimer": peut_supprimer(request.user, objet),
            "peut_creer": _peut_creer(request.user, contenu),
        },
    )


def _page_formulaire(request, contenu, form, *, objet=None, status=200, **contexte):
    return TemplateResponse(
        request,
        contenu.gabarits("form"),
        {
            "contenu": contenu,
            "form": form,
            "objet": objet,
            "original": None,
            "conflit": None,
            "refus": "",
            **contexte,
        },
        status=status,
    )


def _creer(request, contenu, *, initial, motif, original=None):
    if request.method == "POST":
        form = contenu.formulaire(request.POST)
        if form.is_valid():
            objet = enregistrer(form, motif=motif)
            messages.success(request, f"Création enregistrée : « {objet} », en brouillon.")
            return redirect(contenu.url("detail", objet.pk))
    else:
        form = contenu.formulaire(initial=initial)
    return _page_formulaire(request, contenu, form, original=original)


@permission_sur_le_type("add")
@require_http_methods(["GET", "POST"])
def objet_create(request, contenu):
    return _creer(request, contenu, initial={}, motif="Création")


@permission_sur_le_type("add")
@require_http_methods(["GET", "POST"])
def objet_duplicate(request, pk, contenu):
    original = get_object_or_404(contenu.modele, pk=pk)
    champs = [nom for nom in contenu.formulaire._meta.fields if nom != "slug"]
    initial = model_to_dict(original, fields=champs)
    if contenu.champ_titre:
        initial[contenu.champ_titre] = f"{getattr(original, contenu.champ_titre)} (copie)"
    return _creer(
        request,
        contenu,
        initial=initial,
        motif=f"Création par duplication de « {original} »",
        original=original,
    )


@dataclass
class Conflit:
    """Ce que l'autre personne a changé depuis que le formulaire a été chargé."""

    changements: list | None  # None : version chargée introuvable dans l'historique
    par: str
    le: str


def _conflit(request, contenu, objet, revision_chargee):
    """Le formulaire refusé, réaffiché avec la saisie de l'utilisateur, la révision courante
    (un nouvel envoi remplacera donc, en connaissance de cause, la version de l'autre) et les
    changements de l'autre personne."""
    courant = contenu.modele.objects.get(pk=objet.pk)
    donnees = request.POST.copy()
    donnees["revision"] = courant.revision
    form = contenu.formulaire(donnees, instance=courant)
    form.is_valid()
    chargee = historique.version_chargee(courant, revision_chargee)
    actuelle = historique.derniere_version(courant)
    conflit = Conflit(
        changements=historique.changements(chargee, actuelle, choix=contenu.choix)
        if chargee and actuelle
        else None,
        par=historique.auteur(actuelle) if actuelle else "",
        le=date_format(timezone.localtime(courant.modifie_le), "DATETIME_FORMAT"),
    )
    return _page_formulaire(request, contenu, form, objet=courant, conflit=conflit, status=409)


# « add » aussi : un Rédacteur crée des listes de référence sans pouvoir les modifier ; son envoi
# est refusé par la règle d'objet, sa saisie restant affichée, comme pour un contenu publié.
@permission_sur_le_type("change", "add")
@require_http_methods(["GET", "POST"])
def objet_update(request, pk, contenu):
    objet = get_object_or_404(contenu.modele, pk=pk)
    if not peut_modifier(request.user, objet):
        if request.method == "POST":
            # Refusé, mais la saisie reste affichée : rien de ce qui a été tapé n'est perdu.
            form = contenu.formulaire(request.POST, instance=objet)
            refus = refus_modification(objet) + " Votre saisie n'a pas été enregistrée."
            return _page_formulaire(request, contenu, form, objet=objet, refus=refus, status=403)
        raise PermissionDenied(refus_modification(objet))
    if request.method == "POST":
        form = contenu.formulaire(request.POST, instance=objet)
        if form.is_valid():
            revision = form.cleaned_data["revision"]
            try:
                objet = enregistrer(
                    form,
                    motif="Modification",
                    revision_chargee=-1 if revision is None else revision,
                )
            except ConflitDeRevision:
                return _conflit(request, contenu, objet, revision)
            messages.success(request, f"Modifications enregistrées pour « {objet} ».")
            return redirect(contenu.url("detail", objet.pk))
    else:
        form = contenu.formulaire(instance=objet)
    return _page_formulaire(request, contenu, form, objet=objet)


@permission_sur_le_type("delete")
@require_http_methods(["GET", "POST"])
def objet_delete(request, pk, contenu):
    objet = get_object_or_404(contenu.modele, pk=pk)
    if not peut_supprimer(request.user, objet):
        raise PermissionDenied(refus_modification(objet))
    impact = impact_de_la_suppression(objet, request.user)
    if request.method == "POST" and impact.possible and impact.permise:
        nom = str(objet)
        corbeille.supprimer(objet, par=request.user)
        messages.success(request, f"Suppression faite : « {nom} ».")
        return redirect(contenu.url("list"))
    # 403 : la cascade emporterait ce que la personne ne peut pas supprimer ; 409 : un objet
    # protégé empêche la suppression.
    statut = 403 if not impact.permise else 409 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        contenu.gabarits("confirm_delete"),
        {"contenu": contenu, "objet": objet, "impact": impact},
        status=statut,
    )


@permission_sur_le_type("change")
@require_POST
def objet_transition(request, pk, action, contenu):
    objet = get_object_or_404(contenu.modele, pk=pk)
    transition = contenu.transition(action)
    if transition is None:
        raise Http404("Action inconnue.")
    retour = redirect(contenu.url("detail", objet.pk))
    if not transition.possible(objet):
        messages.error(
            request,
            f"« {transition.libelle} » n'est pas possible pour un contenu "
            f"« {objet.get_statut_display().lower()} ».",
        )
        return retour
    if not transition.permise(request.user, objet):
        raise PermissionDenied(
            f"« {transition.libelle} » est réservé au rôle "
            f"{role_minimal(transition.permission(objet))}."
        )
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Action non faite : " + " ".join(form.errors.get("commentaire", []))
        )
        return retour
    commentaire = form.cleaned_data["commentaire"]
    if form.cleaned_data["revision"] != objet.revision:
        messages.error(
            request,
            f"Action non faite : « {objet} » a été modifié depuis que vous l'avez affiché. "
            "Relisez-le ci-dessous avant de recommencer.",
        )
        return retour
    try:
        transition.executer(objet, par=request.user, commentaire=commentaire)
    except ConflitDeRevision:
        messages.error(request, f"Action non faite : « {objet} » vient d'être modifié. Relisez-le.")
    except TransitionInterdite as erreur:
        messages.error(request, f"Action non faite : {erreur}")
    else:
        messages.success(request, transition.message.format(objet=objet))
    return retour


@permission_sur_le_type("view", de_l_historique=True)
@require_GET
def objet_history(request, pk, contenu):
    objet = get_object_or_404(contenu.modele, pk=pk)
    versions = list(
        objet.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    comparaison = ComparaisonForm(request.GET or None, versions=versions)
    de, a = comparaison.versions_choisies()
    return TemplateResponse(
        request,
        contenu.gabarits("history"),
        {
            "contenu": contenu,
            "objet": objet,
            "versions": [
                (version, historique.auteur(version), historique.operation(version))
                for version in versions
            ],
            "comparaison": comparaison,
            "de": de,
            "a": a,
            "changements": historique.changements(de, a, choix=contenu.choix) if de and a else [],
            "peut_restaurer": request.user.has_perm(
                permission(modele_historique(contenu.modele), "change")
            )
            and peut_modifier(request.user, objet),
        },
    )


@permission_sur_le_type("change", de_l_historique=True)
@require_http_methods(["GET", "POST"])
def objet_restore(request, pk, history_id, contenu):
    objet = get_object_or_404(contenu.modele, pk=pk)
    if not peut_modifier(request.user, objet):
        raise PermissionDenied(refus_modification(objet))
    version = get_object_or_404(objet.history.select_related("history_user"), history_id=history_id)
    champs = contenu.formulaire._meta.fields
    libelle = historique.libelle_version(version)
    form = RevisionForm(request.POST or None, initial={"revision": getattr(objet, "revision", 0)})
    if request.method == "POST" and form.is_valid():
        try:
            historique.restaurer(
                objet,
                version,
                champs=champs,
                revision_chargee=form.cleaned_data["revision"],
                motif=f"Restauration de la version du {libelle}",
            )
        except ConflitDeRevision:
            messages.error(
                request,
                f"Restauration non faite : « {objet} » a été modifié entre-temps. Vérifiez à "
                "nouveau ce que la restauration changerait.",
            )
            return redirect(contenu.url("restore", objet.pk, version.history_id))
        except historique.RestaurationImpossible as erreur:
            messages.error(request, f"Restauration impossible : {erreur}")
            return redirect(contenu.url("history", objet.pk))
        messages.success(request, f"Version restaurée pour « {objet} » : {libelle}.")
        return redirect(contenu.url("history", objet.pk))
    actuelle = historique.derniere_version(objet)
    return TemplateResponse(
        request,
        contenu.gabarits("restore"),
        {
            "contenu": contenu,
            "objet": objet,
            "version": version,
            "libelle": libelle,
            "form": form,
            "changements": historique.changements(
                actuelle, version, champs=champs, choix=contenu.choix
            )
            if actuelle
            else [],
        },
    )
