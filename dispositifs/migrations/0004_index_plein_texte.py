"""Index GIN de la recherche plein texte française (PostgreSQL seulement).

L'expression est exactement celle que produit `SearchVector("document", config="french")`,
pour que le planificateur l'utilise. SQLite n'a pas d'équivalent : il lit la colonne `racines`.
"""

from django.db import migrations

CREATION = """
CREATE INDEX IF NOT EXISTS dispositif_document_fts
ON dispositifs_dispositif
USING gin (to_tsvector('french'::regconfig, COALESCE(document, '')))
"""
SUPPRESSION = "DROP INDEX IF EXISTS dispositif_document_fts"


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATION)


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SUPPRESSION)


class Migration(migrations.Migration):
    dependencies = [("dispositifs", "0003_recherche")]

    operations = [migrations.RunPython(creer_index, supprimer_index)]
