"""Index de l'annuaire, et recherche plein texte sur un tsvector stocké (PostgreSQL).

L'index GIN sur l'expression to_tsvector(document) (migration 0004) n'était pas choisi par le
planificateur dès qu'un mot est fréquent : il lisait les dispositifs publiés par l'index du
statut et réanalysait chaque texte (≈ 0,2 ms par dispositif, 0,5 s par requête à 3 000
dispositifs). Le tsvector est désormais calculé une fois, par un déclencheur, dans `vecteur`.
Sans les positions des mots (strip) : la recherche « tous ces mots » n'en a pas besoin, et le
vecteur, deux fois plus court, se relit deux fois plus vite quand un mot fréquent fait préférer
au planificateur le parcours de la table.
Son index GIN est écrit à chaque enregistrement (fastupdate = off) : les dispositifs changent
rarement, et sans liste d'attente à parcourir le planificateur choisit l'index dès qu'un mot
est rare, même juste après un chargement.
"""

import django.contrib.postgres.search
from django.db import migrations, models

CREATION = """
CREATE FUNCTION dispositif_vecteur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.vecteur := strip(to_tsvector('french'::regconfig, COALESCE(NEW.document, '')));
    RETURN NEW;
END
$$;
CREATE TRIGGER dispositif_vecteur BEFORE INSERT OR UPDATE ON dispositifs_dispositif
    FOR EACH ROW EXECUTE FUNCTION dispositif_vecteur();
UPDATE dispositifs_dispositif
    SET vecteur = strip(to_tsvector('french'::regconfig, COALESCE(document, '')));
CREATE INDEX dispositif_vecteur_gin ON dispositifs_dispositif USING gin (vecteur)
    WITH (fastupdate = off);
DROP INDEX IF EXISTS dispositif_document_fts;
"""
SUPPRESSION = """
DROP TRIGGER IF EXISTS dispositif_vecteur ON dispositifs_dispositif;
DROP FUNCTION IF EXISTS dispositif_vecteur();
DROP INDEX IF EXISTS dispositif_vecteur_gin;
CREATE INDEX IF NOT EXISTS dispositif_document_fts ON dispositifs_dispositif
    USING gin (to_tsvector('french'::regconfig, COALESCE(document, '')));
"""


def creer_vecteur(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATION)


def supprimer_vecteur(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SUPPRESSION)


class Migration(migrations.Migration):

    dependencies = [
        ('dispositifs', '0005_revision'),
    ]

    operations = [
        migrations.AddField(
            model_name='dispositif',
            name='vecteur',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='vecteur de recherche'),
        ),
        migrations.RunPython(creer_vecteur, supprimer_vecteur),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['statut', 'nom', 'id'], name='dispositif_statut_nom'),
        ),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['statut', '-modifie_le'], name='dispositif_statut_maj'),
        ),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['statut', 'categorie'], name='dispositif_statut_categorie'),
        ),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['statut', 'mobilisable_par'], name='dispositif_statut_public'),
        ),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['statut', 'echelle'], name='dispositif_statut_echelle'),
        ),
        migrations.AddIndex(
            model_name='dispositif',
            index=models.Index(fields=['age_min', 'age_max'], name='dispositif_ages'),
        ),
    ]
