"""The press admin, one module a concern. Django's autodiscover imports this package: importing the modules
registers their ModelAdmins.

- releases.py: the release form, its quotes and other inlines, who may do what, the list and its actions
- newsroom.py: the buttons under the release form (publish, schedule, embargo, send under embargo, share a
  preview link, return to draft) and the pages they lead to
- versions.py: a live release's public versions, and the kind of change an edit is
- preview_links.py: preview links and their openings
- accreditation.py: journalists' accreditation requests
- alerts.py: email alert subscriptions
- topics.py: topics
- common.py: what they share

A release's language versions are edited with press/translation_admin.py, beside events/translation_admin.py.
"""

from press.admin import accreditation, alerts, preview_links, releases, topics

__all__ = ["accreditation", "alerts", "preview_links", "releases", "topics"]
