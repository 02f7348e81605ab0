from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville.admin import LigneAdmin, PubliableAdmin
from seances.models import Diffusion, Participation, Seance, Suite


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["structure"]


class SuiteInline(admin.StackedInline):
    model = Suite
    extra = 0
    autocomplete_fields = ["responsable"]


@admin.register(Seance)
class SeanceAdmin(PubliableAdmin):
    list_display = [
        "titre",
        "type",
        "debut",
        "echelle",
        "quartier",
        "etat",
        "statut",
        "est_exemple",
    ]
    list_filter = ["statut", "type", "echelle", "etat", "est_exemple", "quartier"]
    search_fields = ["titre", "lieu", "ordre_du_jour"]
    list_select_related = ["quartier"]
    date_hierarchy = "debut"
    filter_horizontal = ["fiches", "dispositifs"]
    autocomplete_fields = ["animateur"]
    inlines = [ParticipationInline, SuiteInline]


@admin.register(Participation)
class ParticipationAdmin(LigneAdmin):
    parent = "seance"
    list_display = ["seance", "structure", "nombre_personnes", "presence"]
    list_filter = ["presence"]
    search_fields = ["seance__titre", "structure__nom"]
    list_select_related = ["seance", "structure"]
    autocomplete_fields = ["structure"]
    raw_id_fields = ["seance"]


@admin.register(Suite)
class SuiteAdmin(LigneAdmin):
    parent = "seance"
    list_display = ["description", "nature", "seance", "responsable", "echeance", "etat"]
    list_filter = ["nature", "etat"]
    search_fields = ["description", "seance__titre"]
    list_select_related = ["seance", "responsable"]
    raw_id_fields = ["seance"]


@admin.register(Diffusion)
class DiffusionAdmin(SimpleHistoryAdmin):
    list_display = ["support", "destinataire", "quartier", "date", "enregistree_par", "est_exemple"]
    list_filter = ["support", "destinataire", "est_exemple"]
    search_fields = ["commentaire"]
    date_hierarchy = "date"
    list_select_related = ["quartier", "enregistree_par"]
    readonly_fields = ["empreinte"]
