from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville.models import Axe, AxeTransversal, ContratDeVille, Pilier, Quartier, Structure


class PubliableAdmin(SimpleHistoryAdmin):
    """Base commune : le statut de publication est filtrable et visible partout."""

    list_filter = ["statut"]
    readonly_fields = ["cree_le", "modifie_le", "publie_le", "statut_modifie_le"]
    date_hierarchy = "modifie_le"

    def save_model(self, request, obj, form, change):
        # Une modification par l'admin avance aussi la révision : un formulaire de l'espace
        # équipe ouvert avant elle est refusé (conflit) au lieu de l'écraser.
        if change:
            obj.prendre_revision(obj.revision)
        super().save_model(request, obj, form, change)


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


@admin.register(Quartier)
class QuartierAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "commune", "categorie", "code_qpv", "depuis", "population"]
    list_filter = ["contrat", "categorie", "commune"]
    search_fields = ["nom", "commune", "code_qpv"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Structure)
class StructureAdmin(PubliableAdmin):
    list_display = ["nom", "sigle", "type", "commune", "statut"]
    list_filter = ["statut", "type"]
    search_fields = ["nom", "sigle", "commune"]
    prepopulated_fields = {"slug": ["nom"]}
