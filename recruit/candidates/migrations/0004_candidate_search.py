"""Candidate search on PostgreSQL: pg_trgm and unaccent, the `recruit_search` text search
configuration, Candidate.search_vector filled for existing rows, and the GIN indexes; and on
every database, indexes for the skill and tag filters.

On SQLite (the embedded default) only the column is added (it stays null): search falls back to
icontains there, and every PostgreSQL-only step below is skipped.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

# One configuration for documents and queries alike (see recruit/candidates/search.py for why):
# the "simple" parser's tokens, accents folded (unaccent), then the English Snowball stemmer
# *without* its stop-word list, so that names such as Will, May or Van and skills such as Go or C
# are never dropped.
CREATE_CONFIGURATION = """
CREATE TEXT SEARCH DICTIONARY recruit_english_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION recruit_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION recruit_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, recruit_english_stem;
"""
DROP_CONFIGURATION = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS recruit_search;
DROP TEXT SEARCH DICTIONARY IF EXISTS recruit_english_stem;
"""

# The vector as services.candidate_search_refresh computed it when this migration was written
# (frozen here: a migration must not change when the code does).
FILL = """
UPDATE candidates_candidate AS c SET search_vector =
    setweight(to_tsvector('recruit_search', concat_ws(' ', c.first_name, c.last_name,
        c.current_title, c.email,
        (SELECT string_agg(e.email, ' ') FROM candidates_candidateemail AS e
          WHERE e.candidate_id = c.id))), 'A')
 || setweight(to_tsvector('recruit_search', concat_ws(' ',
        (SELECT string_agg(s.name, ', ') FROM candidates_candidate_skills AS cs
           JOIN candidates_skill AS s ON s.id = cs.skill_id WHERE cs.candidate_id = c.id),
        (SELECT string_agg(t.name, ', ') FROM candidates_candidate_tags AS ct
           JOIN candidates_tag AS t ON t.id = ct.tag_id WHERE ct.candidate_id = c.id))), 'B')
 || setweight(to_tsvector('recruit_search', concat_ws(' ', c.current_company, c.location)), 'C')
 || setweight(to_tsvector('recruit_search', concat_ws(' ', left(c.summary, 10000),
        (SELECT left(string_agg(left(d.text, 100000), ' ' ORDER BY d.created_at DESC, d.id DESC),
                     100000)
           FROM candidates_candidatedocument AS d
          WHERE d.candidate_id = c.id AND d.kind = 'resume'))), 'D')
WHERE c.id >= %s AND c.id < %s
"""
FILL_BATCH = 5000

# The skill and tag filters look up who holds a skill or tag: with these, from the index alone
# (Django's own indexes on the M2M tables are on skill_id or tag_id alone, and on
# (candidate_id, skill_id)). Plain B-trees, on every database.
HOLDER_INDEXES = (
    ("candidate_skill_holders_idx", "candidates_candidate_skills", "skill_id, candidate_id"),
    ("candidate_tag_holders_idx", "candidates_candidate_tags", "tag_id, candidate_id"),
)


def on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create_configuration(apps, schema_editor):
    if on_postgresql(schema_editor):
        schema_editor.execute(CREATE_CONFIGURATION)


def drop_configuration(apps, schema_editor):
    if on_postgresql(schema_editor):
        schema_editor.execute(DROP_CONFIGURATION)


def fill_vectors(apps, schema_editor):
    if not on_postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM candidates_candidate")
        (last,) = cursor.fetchone()
        for start in range(0, last + 1, FILL_BATCH):
            cursor.execute(FILL, [start, start + FILL_BATCH])


def create_holder_indexes(apps, schema_editor):
    for name, table, columns in HOLDER_INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def drop_holder_indexes(apps, schema_editor):
    for name, _, _ in HOLDER_INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex for PostgreSQL-only indexes (GIN, pg_trgm operator classes): the model state
    is the same everywhere, the index exists only on PostgreSQL. A later migration that alters
    or drops these indexes needs the same guard."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_datarequest")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
        migrations.AddField(
            model_name="candidate",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Filled before the indexes exist: one index build is faster than 200k index updates.
        migrations.RunPython(fill_vectors, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_holder_indexes, drop_holder_indexes, elidable=False),
        AddIndexOnPostgreSQL(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="candidate_search_idx"
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(
                        django.db.models.functions.text.Concat(
                            "first_name", models.Value(" "), "last_name"
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="candidate_name_trgm_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("location"), name="gin_trgm_ops"
                ),
                name="candidate_location_trgm_idx",
            ),
        ),
    ]
