from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contrat_ville.admin import PubliableAdmin
from indicateurs.models import Indicateur, Mesure


@admin.register(Indicateur)
class IndicateurAdmin(PubliableAdmin):
    list_display = ["libelle", "fiche", "nature", "type_valeur", "calcul", "statut"]
    list_filter = ["statut", "nature", "type_valeur", "calcul", "fiche"]
    search_fields = ["libelle", "source"]
    list_select_related = ["fiche"]


@admin.register(Mesure)
class MesureAdmin(SimpleHistoryAdmin):
    list_display = ["indicateur", "periode", "quartier", "dispositif", "valeur", "est_exemple"]
    list_filter = ["periode", "est_exemple", "indicateur", "quartier"]
    search_fields = ["indicateur__libelle", "commentaire"]
    list_select_related = ["indicateur", "quartier", "dispositif"]
    raw_id_fields = ["dispositif"]
