"""Topics: the beats releases are filed under, and journalists and subscribers follow."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy

from press.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru", "name_kk", "slug", "release_count"]
    search_fields = ["name", "name_ru", "name_kk"]
    # The Russian and Kazakh names, left empty, show the English; the slug is the topic's in every language.
    fields = ["name", "name_ru", "name_kk", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # In order by name, the release form's topic search too: the count below groups the query, and a grouped
    # query keeps no model ordering (pages of the search would repeat or skip topics).
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

    @admin.display(description=gettext_lazy("releases"), ordering="release_count")
    def release_count(self, topic):
        return topic.release_count
