"""A live release with a history to show: the pages of versions and differences need one (HTML and axe checks)."""

from press import services

CORRECTION_NOTE = "An earlier version said “over 227 people”: the reports say at least 227."


def correct_release(release, *, by):
    """Give the live ``release`` a second version, a correction: words replaced in a paragraph, a nested list
    added. The first version is the text as it stood."""
    services.save_release(release=release, by=by, was_public=True)
    release.body = (release.body.replace("over 227 people", "at least 227 people")
                    + "\n\nThe press conference:\n\n- Almaty\n  - in person\n  - online\n- London")
    release.save()
    return services.record_edit(release=release, by=by, was_public=True, kind="correction", note=CORRECTION_NOTE)
