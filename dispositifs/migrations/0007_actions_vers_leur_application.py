"""Les actions éducatives et le maillage quittent `dispositifs` pour l'application `actions`.

Les tables sont renommées (lignes et historique gardés tels quels, liste des quartiers
comprise) ; l'état des modèles passe à `actions` (migration actions 0001), qui ne crée rien.
"""

from django.db import migrations

TABLES = {
    "actioneducative": "actions_actioneducative",
    "articulation": "actions_articulation",
    "historicalactioneducative": "actions_historicalactioneducative",
    "historicalarticulation": "actions_historicalarticulation",
}


class Migration(migrations.Migration):

    dependencies = [
        ('dispositifs', '0006_index_annuaire'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=modele, table=table)
                for modele, table in TABLES.items()
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalarticulation',
                    name='action',
                ),
                migrations.RemoveField(
                    model_name='articulation',
                    name='action',
                ),
                migrations.RemoveField(
                    model_name='articulation',
                    name='dispositif',
                ),
                migrations.RemoveField(
                    model_name='articulation',
                    name='seance',
                ),
                migrations.RemoveField(
                    model_name='articulation',
                    name='statut_modifie_par',
                ),
                migrations.RemoveField(
                    model_name='historicalactioneducative',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalactioneducative',
                    name='porteur',
                ),
                migrations.RemoveField(
                    model_name='historicalactioneducative',
                    name='statut_modifie_par',
                ),
                migrations.RemoveField(
                    model_name='historicalarticulation',
                    name='dispositif',
                ),
                migrations.RemoveField(
                    model_name='historicalarticulation',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalarticulation',
                    name='seance',
                ),
                migrations.RemoveField(
                    model_name='historicalarticulation',
                    name='statut_modifie_par',
                ),
                migrations.DeleteModel(
                    name='ActionEducative',
                ),
                migrations.DeleteModel(
                    name='Articulation',
                ),
                migrations.DeleteModel(
                    name='HistoricalActionEducative',
                ),
                migrations.DeleteModel(
                    name='HistoricalArticulation',
                ),
            ],
        ),
    ]
