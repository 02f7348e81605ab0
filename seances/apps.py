from django.apps import AppConfig


class SeancesConfig(AppConfig):
    name = "seances"
    verbose_name = "Séances partenariales"

    def ready(self):
        from contrat_ville.registre import registre
        from seances.models import Diffusion, Participation, Seance, Suite

        registre.enregistrer(Seance, chemin="seances")
        registre.suivre(Participation, Suite, Diffusion)
