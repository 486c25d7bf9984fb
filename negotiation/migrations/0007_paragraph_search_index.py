"""A GIN index on the English text-search vector of paragraph text (issue 15: search).

PostgreSQL only: the expression is exactly what ``SearchVector("text", config="english")``
compiles to (``negotiation/selectors/search.py``: ``PARAGRAPH_VECTOR``), so the search's
``@@`` filter uses the index. On SQLite, which searches with LIKE, both directions do nothing.
"""
from django.db import migrations

INDEX = "negotiation_paragraph_text_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON negotiation_paragraph "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("negotiation", "0006_action_amendment_statement_kind"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
