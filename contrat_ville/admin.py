"""L'admin suit les règles de l'espace équipe : le statut ne change que par les étapes du cycle
de publication (actions de l'admin tirées de la même table), les règles d'objet sont celles du
cœur (`contrat_ville.permissions`), et le verrou optimiste protège aussi ses formulaires. Un
superutilisateur a toutes les permissions, mais pas de raccourci : il publie par l'action
« Publier », qui note la date, l'auteur et le motif comme ailleurs.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville import corbeille
from contrat_ville.models import (
    Axe,
    AxeTransversal,
    ClassementQuartier,
    ContratDeVille,
    Horaire,
    Lieu,
    Pilier,
    Quartier,
    Structure,
)
from contrat_ville.permissions import permission, peut_modifier, peut_supprimer
from contrat_ville.publication import (
    CONFIRMATION,
    CYCLE_DE_PUBLICATION,
    PUBLIER,
    ConflitDeRevision,
    TransitionInterdite,
)
from contrat_ville.registre import registre

# Champs que seules les étapes du cycle de publication écrivent.
CHAMPS_DU_CYCLE = (
    "statut",
    "publie_le",
    "statut_modifie_le",
    "statut_modifie_par",
    "statut_commentaire",
    "verifie_le",
    "verifie_par",
    "revision",
)


def _nombre(n, modele):
    options = modele._meta
    return f"{n} {options.verbose_name if n == 1 else options.verbose_name_plural}"


class FormulairePubliable(forms.ModelForm):
    """Le formulaire de l'admin d'un contenu publiable : il garde la révision chargée (champ
    caché) et refuse, sans rien enregistrer, un envoi parti d'une révision dépassée."""

    revision_chargee = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["revision_chargee"] = self.instance.revision

    def clean(self):
        donnees = super().clean()
        chargee = donnees.get("revision_chargee")
        if self.instance.pk and chargee != self.instance.revision:
            self.add_error(None, self._conflit())
            # Un nouvel envoi, fait en connaissance de cause, remplacera la version actuelle.
            self.data = self.data.copy()
            self.data[self.add_prefix("revision_chargee")] = self.instance.revision
        return donnees

    def _conflit(self):
        derniere = self.instance.history.select_related("history_user").first()
        qui = derniere and derniere.history_user
        par = f" par {qui.get_full_name() or qui.get_username()}" if qui else ""
        le = date_format(timezone.localtime(self.instance.modifie_le), "DATETIME_FORMAT")
        return (
            f"Conflit : enregistrement refusé. « {self.instance} » a été modifié{par} le {le}, "
            "depuis que vous avez ouvert cette page. Rien n'a été enregistré et votre saisie "
            "est conservée ci-dessous : comparez-la à la version actuelle (historique), puis "
            "enregistrez de nouveau pour remplacer cette version par la vôtre."
        )


def _action_de(transition):
    """L'action de l'admin qui fait `transition` sur les objets choisis."""

    def action(modeladmin, request, queryset):
        modeladmin.faire(request, queryset, transition)

    action.__name__ = f"etape_{transition.methode}"
    return admin.action(
        description=f"{transition.libelle} (contenus sélectionnés)",
        permissions=sorted(set(transition.depuis.values())),
    )(action)


class PubliableAdmin(SimpleHistoryAdmin):
    """Base de l'admin de tout contenu publiable : statut filtrable, champs du cycle en lecture
    seule, étapes du cycle en actions, règles d'objet et verrou optimiste du cœur."""

    form = FormulairePubliable
    list_filter = ["statut"]
    readonly_fields = ["cree_le", "modifie_le", *CHAMPS_DU_CYCLE]
    date_hierarchy = "modifie_le"
    # Comme l'espace équipe : une adresse saisie sans « https:// » le reçoit.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [_action_de(transition) for transition in (*CYCLE_DE_PUBLICATION, CONFIRMATION)]

    def get_readonly_fields(self, request, obj=None):
        # Une sous-classe qui redéfinit `readonly_fields` ne rend pas ces champs modifiables.
        champs = list(super().get_readonly_fields(request, obj))
        return champs + [champ for champ in CHAMPS_DU_CYCLE if champ not in champs]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return peut_modifier(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return peut_supprimer(request.user, obj)

    def delete_model(self, request, obj):
        # Comme l'espace équipe : ce que l'objet emporte se restaure avec lui (corbeille).
        corbeille.supprimer(obj, par=request.user)

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(permission(self.model, PUBLIER))

    def faire(self, request, queryset, transition):
        """Fait l'étape sur chaque objet qui le permet (statut, permission), et dit combien ont
        été faits et lesquels ont été refusés, pourquoi."""
        faits, refus = 0, []
        for objet in queryset:
            if not transition.possible(objet):
                refus.append(
                    f"« {objet} » est « {objet.get_statut_display().lower()} », d'où cette étape "
                    "ne part pas"
                )
            elif not transition.permise(request.user, objet):
                refus.append(
                    f"« {objet} » : il faut la permission « {transition.permission(objet)} », "
                    "que votre compte n'a pas"
                )
            else:
                try:
                    transition.executer(objet, par=request.user)
                except (ConflitDeRevision, TransitionInterdite) as erreur:
                    refus.append(str(erreur).rstrip("."))
                else:
                    faits += 1
        if faits:
            self.message_user(
                request,
                f"{transition.libelle} : fait pour {_nombre(faits, self.model)}.",
                messages.SUCCESS,
            )
        if refus:
            self.message_user(
                request,
                f"{transition.libelle} : refusé pour {_nombre(len(refus), self.model)} — "
                + " ; ".join(refus)
                + ".",
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        # Le formulaire a vérifié la révision ; l'UPDATE conditionnel tranche encore entre deux
        # enregistrements simultanés (l'autre reçoit ConflitDeRevision, voir changeform_view).
        if change:
            revision = form.cleaned_data.get("revision_chargee")
            obj.prendre_revision(-1 if revision is None else revision)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConflitDeRevision:
            # Enregistré par quelqu'un d'autre entre la validation et l'écriture : rien n'a été
            # écrit (transaction de la vue annulée) ; le formulaire, revalidé, dit le conflit
            # et garde la saisie.
            return super().changeform_view(request, object_id, form_url, extra_context)

    # L'admin de django-simple-history restaurerait une version en entier, statut et révision
    # compris : la restauration se fait dans l'espace équipe, qui garde le statut.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            adresse = registre.type_de(self.model)
            self.message_user(
                request,
                "Restauration refusée ici : restaurez une version depuis l'espace équipe"
                + (f" ({adresse.url_gestion('history', object_id)})" if adresse else "")
                + ", qui garde le statut de publication.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().history_form_view(request, object_id, version_id, extra_context)


class LigneAdmin(SimpleHistoryAdmin):
    """Admin d'une ligne éditée avec son parent publiable (étape d'une fiche, participation…) :
    la modifier ou la supprimer demande aussi de pouvoir modifier le parent, comme dans
    l'espace équipe où elle n'est éditée que sur la page du parent."""

    parent: str  # nom du champ qui mène au parent

    def has_change_permission(self, request, obj=None):
        permise = super().has_change_permission(request, obj)
        return permise and (obj is None or peut_modifier(request.user, getattr(obj, self.parent)))

    def has_delete_permission(self, request, obj=None):
        permise = super().has_delete_permission(request, obj)
        return permise and (obj is None or peut_modifier(request.user, getattr(obj, self.parent)))


class PilierInline(admin.TabularInline):
    model = Pilier
    extra = 0


@admin.register(ContratDeVille)
class ContratDeVilleAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "territoire", "annee_debut", "annee_fin", "signe_le"]
    search_fields = ["nom", "territoire"]
    prepopulated_fields = {"slug": ["nom"]}
    inlines = [PilierInline]


class AxeInline(admin.TabularInline):
    model = Axe
    extra = 0


@admin.register(Pilier)
class PilierAdmin(SimpleHistoryAdmin):
    list_display = ["numero", "intitule", "contrat"]
    list_filter = ["contrat"]
    search_fields = ["intitule"]
    inlines = [AxeInline]


@admin.register(Axe)
class AxeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "intitule", "pilier"]
    list_filter = ["pilier__contrat", "pilier"]
    search_fields = ["intitule"]
    list_select_related = ["pilier"]


@admin.register(AxeTransversal)
class AxeTransversalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "intitule", "contrat"]
    list_filter = ["contrat"]
    search_fields = ["code", "intitule"]


class ClassementQuartierEnLigne(admin.TabularInline):
    model = ClassementQuartier
    extra = 0


@admin.register(Quartier)
class QuartierAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "commune", "code_commune", "code_qpv", "population"]
    list_filter = ["classements__contrat", "classements__categorie", "commune"]
    inlines = [ClassementQuartierEnLigne]
    search_fields = ["nom", "commune", "code_qpv"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Structure)
class StructureAdmin(PubliableAdmin):
    list_display = ["nom", "sigle", "type", "commune", "statut", "est_exemple"]
    list_filter = ["statut", "type", "est_exemple"]
    search_fields = ["nom", "sigle", "commune"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Lieu)
class LieuAdmin(PubliableAdmin):
    list_display = ["nom", "structure", "commune", "code_commune", "telephone", "statut"]
    list_filter = ["statut", "commune"]
    search_fields = ["nom", "commune", "adresse", "structure__nom"]
    list_select_related = ["structure"]


@admin.register(Horaire)
class HoraireAdmin(LigneAdmin):
    parent = "lieu"
    list_display = ["lieu", "jour", "ouverture", "fermeture", "sur_rendez_vous"]
    list_select_related = ["lieu"]
