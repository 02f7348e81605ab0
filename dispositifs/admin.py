from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville.admin import PubliableAdmin
from dispositifs.models import ActionEducative, Articulation, Dispositif, Situation, Thematique


@admin.register(Situation)
class SituationAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "code", "scolarise", "ordre"]
    search_fields = ["libelle", "code"]


@admin.register(Thematique)
class ThematiqueAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "code"]
    search_fields = ["libelle", "code"]


@admin.register(Dispositif)
class DispositifAdmin(PubliableAdmin):
    list_display = [
        "nom",
        "sigle",
        "categorie",
        "porteur",
        "age_min",
        "age_max",
        "echelle",
        "statut",
        "verifie_le",
    ]
    list_filter = ["statut", "categorie", "mobilisable_par", "echelle", "situations", "thematiques"]
    search_fields = ["nom", "sigle", "resume", "porteur__nom", "porteur__sigle"]
    list_select_related = ["porteur"]
    prepopulated_fields = {"slug": ["nom"]}
    filter_horizontal = ["partenaires", "situations", "quartiers", "thematiques"]
    autocomplete_fields = ["porteur"]


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
