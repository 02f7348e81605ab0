from django.contrib import admin

from actions.models import ActionEducative, Articulation
from contrat_ville.admin import PubliableAdmin


class ArticulationInline(admin.TabularInline):
    model = Articulation
    extra = 0
    autocomplete_fields = ["dispositif"]
    raw_id_fields = ["seance"]


@admin.register(ActionEducative)
class ActionEducativeAdmin(PubliableAdmin):
    list_display = ["nom", "type", "porteur", "statut", "est_exemple"]
    list_filter = ["statut", "type", "est_exemple", "quartiers"]
    search_fields = ["nom", "public", "porteur__nom"]
    list_select_related = ["porteur"]
    prepopulated_fields = {"slug": ["nom"]}
    filter_horizontal = ["quartiers"]
    autocomplete_fields = ["porteur"]
    inlines = [ArticulationInline]


@admin.register(Articulation)
class ArticulationAdmin(PubliableAdmin):
    list_display = ["action", "dispositif", "nature", "statut", "est_exemple"]
    list_filter = ["statut", "nature", "est_exemple"]
    search_fields = ["action__nom", "dispositif__nom", "description"]
    list_select_related = ["action", "dispositif"]
    autocomplete_fields = ["action", "dispositif"]
    raw_id_fields = ["seance"]
