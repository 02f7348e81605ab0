from django.apps import AppConfig


class ContratVilleConfig(AppConfig):
    name = "contrat_ville"
    verbose_name = "Contrat de ville et territoire"

    def ready(self):
        from portail import cache

        cache.connecter_signaux()
