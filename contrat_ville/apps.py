from django.apps import AppConfig


class ContratVilleConfig(AppConfig):
    name = "contrat_ville"
    verbose_name = "Contrat de ville et territoire"

    def ready(self):
        from contrat_ville.models import (
            Axe,
            AxeTransversal,
            ClassementQuartier,
            ContratDeVille,
            Horaire,
            Lieu,
            Pilier,
            Quartier,
            Structure,
        )
        from contrat_ville.registre import registre

        registre.enregistrer(Structure, chemin="structures", donnees_ouvertes=True)
        registre.enregistrer(Lieu, chemin="lieux")
        registre.enregistrer(Quartier, chemin="quartiers")
        registre.suivre(ContratDeVille, Pilier, Axe, AxeTransversal, ClassementQuartier, Horaire)
