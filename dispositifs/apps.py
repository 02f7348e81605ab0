from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "Dispositifs"

    def ready(self):
        from contrat_ville.registre import registre
        from dispositifs.models import Dispositif, Situation, Thematique

        registre.enregistrer(Dispositif, chemin="dispositifs", donnees_ouvertes=True)
        registre.enregistrer(Situation, chemin="situations")
        registre.enregistrer(Thematique, chemin="thematiques")
