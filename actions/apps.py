from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Actions éducatives et maillage"

    def ready(self):
        from actions.models import ActionEducative, Articulation
        from contrat_ville.registre import registre

        registre.enregistrer(ActionEducative, chemin="actions")
        registre.enregistrer(Articulation, chemin="articulations", lies=("action", "dispositif"))
