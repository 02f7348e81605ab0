from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "Dispositifs"

    def ready(self):
        from django.db.models.signals import post_save

        from contrat_ville.models import Structure
        from contrat_ville.registre import registre
        from dispositifs.models import (
            Accueil,
            Dispositif,
            NiveauDiplome,
            PorteDEntree,
            Situation,
            Thematique,
            reindexer_les_dispositifs_du_porteur,
        )

        post_save.connect(
            reindexer_les_dispositifs_du_porteur,
            sender=Structure,
            dispatch_uid="reindexer-les-dispositifs-du-porteur",
        )
        registre.enregistrer(Dispositif, chemin="dispositifs", donnees_ouvertes=True)
        registre.enregistrer(Situation, chemin="situations")
        registre.enregistrer(Thematique, chemin="thematiques")
        registre.suivre(Accueil, NiveauDiplome, PorteDEntree)
