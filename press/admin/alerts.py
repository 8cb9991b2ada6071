"""Email alert subscriptions: the press office reads the list; subscribers change their choice themselves."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from commission.web.admin import house_times
from press.models import AlertSubscription


@admin.register(AlertSubscription)
@house_times
class AlertSubscriptionAdmin(admin.ModelAdmin):
    """Who asked for email alerts, and what. Subscribers change their choice themselves, from the link in
    every alert; here the press office reads the list, and deletes a subscription on request."""

    list_display = ["email", "status", "all_releases", "topic_names", "conferences", "language", "confirmed_at"]
    list_filter = ["status", "all_releases", "topics", "conferences", "language"]
    search_fields = ["email"]
    list_per_page = 100
    fields = ["email", "status", "all_releases", "topics", "conferences", "language", "created_at", "confirmed_at",
              "requested_again_at", "unsubscribed_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def has_add_permission(self, request):
        return False  # people subscribe and confirm their own address

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("topics"))
    def topic_names(self, subscription):
        return ", ".join(topic.name for topic in subscription.topics.all()) or "—"
