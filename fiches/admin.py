from django.contrib import admin

from contrat_ville.admin import LigneAdmin, PubliableAdmin
from fiches.models import EtapeCalendrier, Fiche


class EtapeCalendrierInline(admin.TabularInline):
    model = EtapeCalendrier
    extra = 0


@admin.register(Fiche)
class FicheAdmin(PubliableAdmin):
    list_display = ["code", "titre", "version", "axe", "statut", "modifie_le"]
    list_filter = ["statut", "contrat", "axe__pilier"]
    search_fields = ["code", "titre", "enjeu"]
    list_select_related = ["axe__pilier"]
    filter_horizontal = ["dispositifs", "fiches_liees", "axes_transversaux"]
    inlines = [EtapeCalendrierInline]


@admin.register(EtapeCalendrier)
class EtapeCalendrierAdmin(LigneAdmin):
    parent = "fiche"
    list_display = ["periode", "description", "fiche", "ordre"]
    list_filter = ["fiche"]
    search_fields = ["periode", "description"]
