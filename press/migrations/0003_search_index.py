"""A GIN index for full-text search, on PostgreSQL only.

The index expression must be exactly the one press/search.py queries with,
or PostgreSQL will not use it; tests/press/test_search.py checks the query
plan. SQLite has no full-text index here: search falls back to icontains.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "press_release_search"


def search_index():
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("press", "PressRelease"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("press", "PressRelease"), search_index())


class Migration(migrations.Migration):

    dependencies = [
        ("press", "0002_press_officer_group"),
    ]

    operations = [
        migrations.RunPython(add_index, remove_index),
    ]
