"""Les actions éducatives et le maillage, venus de `dispositifs` (migration dispositifs 0007) :
leurs tables existent déjà sous leur nouveau nom ; seul l'état des modèles est créé ici, et
les types de contenu (permissions, journal de l'admin) changent d'application."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELES = ["actioneducative", "articulation", "historicalactioneducative", "historicalarticulation"]


def deplacer_types_de_contenu(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="dispositifs", model__in=MODELES
    ).update(app_label="actions")


def revenir_types_de_contenu(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="actions", model__in=MODELES
    ).update(app_label="dispositifs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('contrat_ville', '0004_revision'),
        ('dispositifs', '0007_actions_vers_leur_application'),
        ('seances', '0003_index_liste'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ActionEducative',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('statut', models.CharField(choices=[('brouillon', 'Brouillon'), ('relecture', 'En relecture'), ('publie', 'Publié'), ('archive', 'Archivé')], db_index=True, default='brouillon', max_length=12, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('publie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='publié le')),
                        ('statut_modifie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='statut modifié le')),
                        ('statut_commentaire', models.CharField(blank=True, max_length=500, verbose_name='commentaire du dernier changement de statut')),
                        ('verifie_le', models.DateField(blank=True, help_text='Date à laquelle un coordinateur a confirmé que le contenu est exact.', null=True, verbose_name='vérifié le')),
                        ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='révision')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name="identifiant d'URL")),
                        ('type', models.CharField(choices=[('pre', 'Programme de réussite éducative'), ('clas', 'Accompagnement à la scolarité (CLAS)'), ('accompagnement', 'Accompagnement scolaire associatif'), ('loisirs', 'Loisirs éducatifs'), ('parentalite', 'Soutien à la parentalité'), ('autre', 'Autre')], max_length=20, verbose_name='type')),
                        ('public', models.CharField(max_length=300, verbose_name='public')),
                        ('age_min', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='âge minimum')),
                        ('age_max', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='âge maximum')),
                        ('description', models.TextField(verbose_name='description')),
                        ('periode', models.CharField(blank=True, max_length=200, verbose_name='période')),
                        ('est_exemple', models.BooleanField(default=False, help_text='Donnée de démonstration, non réelle.', verbose_name='exemple illustratif')),
                        ('porteur', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='contrat_ville.structure', verbose_name='porteur')),
                        ('quartiers', models.ManyToManyField(blank=True, related_name='actions', to='contrat_ville.quartier', verbose_name='quartiers')),
                        ('statut_modifie_par', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='statut modifié par')),
                    ],
                    options={
                        'verbose_name': 'action éducative',
                        'verbose_name_plural': 'actions éducatives',
                        'ordering': ['nom'],
                    },
                ),
                migrations.CreateModel(
                    name='Articulation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('statut', models.CharField(choices=[('brouillon', 'Brouillon'), ('relecture', 'En relecture'), ('publie', 'Publié'), ('archive', 'Archivé')], db_index=True, default='brouillon', max_length=12, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('publie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='publié le')),
                        ('statut_modifie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='statut modifié le')),
                        ('statut_commentaire', models.CharField(blank=True, max_length=500, verbose_name='commentaire du dernier changement de statut')),
                        ('verifie_le', models.DateField(blank=True, help_text='Date à laquelle un coordinateur a confirmé que le contenu est exact.', null=True, verbose_name='vérifié le')),
                        ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='révision')),
                        ('nature', models.CharField(choices=[('orientation', 'Orientation'), ('relais', 'Relais'), ('complementarite', 'Complémentarité'), ('co_animation', 'Co-animation')], max_length=20, verbose_name='nature')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('est_exemple', models.BooleanField(default=False, verbose_name='exemple illustratif')),
                        ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='articulations', to='actions.actioneducative', verbose_name='action éducative')),
                        ('dispositif', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='articulations', to='dispositifs.dispositif', verbose_name='dispositif')),
                        ('seance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articulations', to='seances.seance', verbose_name='séance où elle a été identifiée')),
                        ('statut_modifie_par', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='statut modifié par')),
                    ],
                    options={
                        'verbose_name': 'articulation',
                        'ordering': ['action__nom', 'dispositif__nom'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalActionEducative',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('statut', models.CharField(choices=[('brouillon', 'Brouillon'), ('relecture', 'En relecture'), ('publie', 'Publié'), ('archive', 'Archivé')], db_index=True, default='brouillon', max_length=12, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(blank=True, editable=False, verbose_name='modifié le')),
                        ('publie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='publié le')),
                        ('statut_modifie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='statut modifié le')),
                        ('statut_commentaire', models.CharField(blank=True, max_length=500, verbose_name='commentaire du dernier changement de statut')),
                        ('verifie_le', models.DateField(blank=True, help_text='Date à laquelle un coordinateur a confirmé que le contenu est exact.', null=True, verbose_name='vérifié le')),
                        ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='révision')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(max_length=80, verbose_name="identifiant d'URL")),
                        ('type', models.CharField(choices=[('pre', 'Programme de réussite éducative'), ('clas', 'Accompagnement à la scolarité (CLAS)'), ('accompagnement', 'Accompagnement scolaire associatif'), ('loisirs', 'Loisirs éducatifs'), ('parentalite', 'Soutien à la parentalité'), ('autre', 'Autre')], max_length=20, verbose_name='type')),
                        ('public', models.CharField(max_length=300, verbose_name='public')),
                        ('age_min', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='âge minimum')),
                        ('age_max', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='âge maximum')),
                        ('description', models.TextField(verbose_name='description')),
                        ('periode', models.CharField(blank=True, max_length=200, verbose_name='période')),
                        ('est_exemple', models.BooleanField(default=False, help_text='Donnée de démonstration, non réelle.', verbose_name='exemple illustratif')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('porteur', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contrat_ville.structure', verbose_name='porteur')),
                        ('statut_modifie_par', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='statut modifié par')),
                    ],
                    options={
                        'verbose_name': 'historical action éducative',
                        'verbose_name_plural': 'historical actions éducatives',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalArticulation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('statut', models.CharField(choices=[('brouillon', 'Brouillon'), ('relecture', 'En relecture'), ('publie', 'Publié'), ('archive', 'Archivé')], db_index=True, default='brouillon', max_length=12, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(blank=True, editable=False, verbose_name='modifié le')),
                        ('publie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='publié le')),
                        ('statut_modifie_le', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='statut modifié le')),
                        ('statut_commentaire', models.CharField(blank=True, max_length=500, verbose_name='commentaire du dernier changement de statut')),
                        ('verifie_le', models.DateField(blank=True, help_text='Date à laquelle un coordinateur a confirmé que le contenu est exact.', null=True, verbose_name='vérifié le')),
                        ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='révision')),
                        ('nature', models.CharField(choices=[('orientation', 'Orientation'), ('relais', 'Relais'), ('complementarite', 'Complémentarité'), ('co_animation', 'Co-animation')], max_length=20, verbose_name='nature')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('est_exemple', models.BooleanField(default=False, verbose_name='exemple illustratif')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.actioneducative', verbose_name='action éducative')),
                        ('dispositif', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dispositifs.dispositif', verbose_name='dispositif')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('seance', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='seances.seance', verbose_name='séance où elle a été identifiée')),
                        ('statut_modifie_par', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='statut modifié par')),
                    ],
                    options={
                        'verbose_name': 'historical articulation',
                        'verbose_name_plural': 'historical articulations',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='actioneducative',
                    constraint=models.CheckConstraint(condition=models.Q(('age_min__isnull', True), ('age_max__isnull', True), ('age_min__lte', models.F('age_max')), _connector='OR'), name='action_ages_ordonnes', violation_error_message="L'âge minimum doit être inférieur ou égal à l'âge maximum."),
                ),
                migrations.AddConstraint(
                    model_name='articulation',
                    constraint=models.UniqueConstraint(fields=('action', 'dispositif'), name='articulation_action_dispositif_unique'),
                ),
            ],
        ),
        migrations.RunPython(deplacer_types_de_contenu, revenir_types_de_contenu),
    ]
