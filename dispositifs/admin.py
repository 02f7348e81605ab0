from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville.admin import LigneAdmin, PubliableAdmin
from dispositifs.models import (
    Accueil,
    Dispositif,
    NiveauDiplome,
    PorteDEntree,
    Situation,
    Thematique,
)


@admin.register(Situation)
class SituationAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "code", "scolarise", "ordre"]
    search_fields = ["libelle", "code"]


@admin.register(Thematique)
class ThematiqueAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "code"]
    search_fields = ["libelle", "code"]


@admin.register(NiveauDiplome)
class NiveauDiplomeAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "code", "ordre"]
    search_fields = ["libelle", "code"]


class PorteDEntreeInline(admin.TabularInline):
    model = PorteDEntree
    extra = 0


@admin.register(Dispositif)
class DispositifAdmin(PubliableAdmin):
    list_display = [
        "nom",
        "sigle",
        "categorie",
        "porteur",
        "age_min",
        "age_max",
        "age_max_handicap",
        "echelle",
        "statut",
        "verifie_le",
        "est_exemple",
    ]
    list_filter = [
        "statut",
        "est_exemple",
        "categorie",
        "mobilisable_par",
        "echelle",
        "situations",
        "thematiques",
    ]
    search_fields = ["nom", "sigle", "resume", "porteur__nom", "porteur__sigle"]
    list_select_related = ["porteur"]
    prepopulated_fields = {"slug": ["nom"]}
    filter_horizontal = [
        "partenaires",
        "situations",
        "situations_exclues",
        "diplomes_acceptes",
        "quartiers",
        "thematiques",
    ]
    inlines = [PorteDEntreeInline]
    autocomplete_fields = ["porteur"]


@admin.register(Accueil)
class AccueilAdmin(LigneAdmin):
    parent = "lieu"
    list_display = ["dispositif", "lieu", "quartier"]
    list_select_related = ["dispositif", "lieu", "quartier"]
