"""A version's fingerprint of the English now covers the release's dateline place (press/translations.py).

Versions written against the English as it stands get the new fingerprint, so deploying leaves them up to date;
one already out of date stays so. Both ways are written out here, with the hash, as they were when this migration
was made: the app's code may change later, and this must keep computing these fingerprints.
"""

import hashlib

from django.db import migrations


def _fingerprint(*texts):
    # commission.web.languages.english_fingerprint as it was: spacing ignored, each text ended by a NUL byte.
    digest = hashlib.sha256()
    for text in texts:
        digest.update(" ".join((text or "").split()).encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def _quotes(release):
    return [f"{quote.order}:{quote.text}" for quote in sorted(release.quotes.all(), key=lambda q: (q.order, q.pk))]


def without_place(release):
    return _fingerprint(release.title, release.standfirst, release.body, release.notes_to_editors, *_quotes(release))


def with_place(release):
    return _fingerprint(release.title, release.dateline_place, release.standfirst, release.body,
                        release.notes_to_editors, *_quotes(release))


def _refingerprint(apps, old, new):
    """Versions whose fingerprint is ``old(release)`` of their release's English today get ``new(release)``."""
    PressRelease = apps.get_model("press", "PressRelease")
    ReleaseTranslation = apps.get_model("press", "ReleaseTranslation")
    changed = []
    for release in PressRelease.objects.filter(translations__isnull=False).distinct().prefetch_related(
            "quotes", "translations").iterator(chunk_size=500):
        then, now = old(release), new(release)
        for version in release.translations.all():
            if version.english_fingerprint == then:
                version.english_fingerprint = now
                changed.append(version)
    ReleaseTranslation.objects.bulk_update(changed, ["english_fingerprint"], batch_size=500)


def forwards(apps, schema_editor):
    _refingerprint(apps, without_place, with_place)


def backwards(apps, schema_editor):
    _refingerprint(apps, with_place, without_place)


class Migration(migrations.Migration):

    dependencies = [
        ("press", "0016_requested_again_at"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
