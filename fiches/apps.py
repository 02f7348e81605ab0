from django.apps import AppConfig


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = "Fiches"

    def ready(self):
        from contrat_ville.registre import registre
        from fiches.models import EtapeCalendrier, Fiche

        registre.enregistrer(Fiche, chemin="fiches")
        registre.suivre(EtapeCalendrier)
