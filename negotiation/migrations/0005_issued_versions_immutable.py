"""Issued versions are immutable in the database, not only in save() (house rule 3).

1. ``Version.draft`` deletes a draft's working versions with it but refuses a draft that has
   issued versions (``protect_issued_versions``: the admin lists them as protected).
2. On PostgreSQL, triggers refuse what no Django code path may do, raw SQL included:
   - UPDATE or DELETE of a ``negotiation_paragraph`` row of an issued version (or an UPDATE
     moving a paragraph into one);
   - DELETE of an issued ``negotiation_version`` row, and any UPDATE of one that changes its
     text or identity. The columns the app legitimately changes on any version stay open:
     ``revision`` (the working-text counter), ``is_shared`` and ``created_by_id`` (set to NULL
     when a user is deleted). The transition from working to issued (``version_issue``,
     ``oral_revision_record``) is allowed: the trigger only looks at rows already issued.
   Inserting the paragraphs of a new issued version (``version_create``) is an INSERT and stays
   allowed. TRUNCATE (``manage.py flush``, pytest-django's transactional tests) fires no row
   triggers. A later data migration that must repair issued text has to drop or disable these
   triggers explicitly, in the open.
   The refusals use SQLSTATE 23001 (restrict_violation), which Django raises as IntegrityError.
On SQLite (the embedded default) step 2 does nothing: the model and queryset guards apply.
"""
from django.db import migrations, models

import negotiation.models.documents

VERSION_FROZEN_COLUMNS = (
    "id", "draft_id", "label", "kind", "sequence", "date", "is_issued", "parent_id", "sponsor_line", "title",
    "recommending_formula", "enacting_formula", "agreement_formula", "created_at",
)

CREATE_SQL = f"""
CREATE OR REPLACE FUNCTION negotiation_paragraph_refuse_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM negotiation_version WHERE id = OLD.version_id AND is_issued) THEN
        RAISE EXCEPTION 'paragraph % belongs to issued version %: issued text never changes (% refused)',
            OLD.id, OLD.version_id, TG_OP
            USING ERRCODE = 'restrict_violation', HINT = 'Make a new version instead.';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.version_id IS DISTINCT FROM OLD.version_id
           AND EXISTS (SELECT 1 FROM negotiation_version WHERE id = NEW.version_id AND is_issued) THEN
            RAISE EXCEPTION 'paragraph % cannot move into issued version %: issued text never changes',
                OLD.id, NEW.version_id
                USING ERRCODE = 'restrict_violation', HINT = 'Make a new version instead.';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;

DROP TRIGGER IF EXISTS negotiation_paragraph_issued_immutable ON negotiation_paragraph;
CREATE TRIGGER negotiation_paragraph_issued_immutable
    BEFORE UPDATE OR DELETE ON negotiation_paragraph
    FOR EACH ROW EXECUTE FUNCTION negotiation_paragraph_refuse_issued();

CREATE OR REPLACE FUNCTION negotiation_version_refuse_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'version % (%) is issued and cannot be deleted: issued versions are permanent',
            OLD.id, OLD.label
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF ({", ".join("NEW." + c for c in VERSION_FROZEN_COLUMNS)})
       IS DISTINCT FROM ({", ".join("OLD." + c for c in VERSION_FROZEN_COLUMNS)}) THEN
        RAISE EXCEPTION 'version % (%) is issued: its text and identity never change',
            OLD.id, OLD.label
            USING ERRCODE = 'restrict_violation', HINT = 'Make a new version instead.';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS negotiation_version_issued_immutable ON negotiation_version;
CREATE TRIGGER negotiation_version_issued_immutable
    BEFORE UPDATE OR DELETE ON negotiation_version
    FOR EACH ROW WHEN (OLD.is_issued) EXECUTE FUNCTION negotiation_version_refuse_issued();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS negotiation_paragraph_issued_immutable ON negotiation_paragraph;
DROP FUNCTION IF EXISTS negotiation_paragraph_refuse_issued();
DROP TRIGGER IF EXISTS negotiation_version_issued_immutable ON negotiation_version;
DROP FUNCTION IF EXISTS negotiation_version_refuse_issued();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('negotiation', '0004_negotiation_proposals_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalversion',
            name='draft',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The draft this is a version of. A draft with issued versions cannot be deleted.', null=True, on_delete=models.deletion.DO_NOTHING, related_name='+', to='negotiation.draft', verbose_name='draft'),
        ),
        migrations.AlterField(
            model_name='version',
            name='draft',
            field=models.ForeignKey(help_text='The draft this is a version of. A draft with issued versions cannot be deleted.', on_delete=negotiation.models.documents.protect_issued_versions, related_name='versions', to='negotiation.draft', verbose_name='draft'),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
