from django.apps import AppConfig
from django.core import checks


class GestionConfig(AppConfig):
    name = "gestion"
    verbose_name = "Espace équipe"

    def ready(self):
        from gestion.checks import ipware_derriere_un_proxy

        checks.register(ipware_derriere_un_proxy, checks.Tags.security)
