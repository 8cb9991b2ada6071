from django.urls import path

from commission.cache import public_page
from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("feed/", public_page(feeds.EventFeed()), name="feed"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
]
