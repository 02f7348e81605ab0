from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from contrat_ville.registre import registre
        from indicateurs.models import Indicateur, Mesure

        registre.enregistrer(Indicateur, chemin="indicateurs")
        registre.suivre(Mesure)
