from django.urls import path

from commission.web.cache import public_page
from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("feed/", public_page(feeds.EventFeed()), name="feed"),
    path("zone-city.json", views.zone_city, name="zone_city"),  # no slug has a dot: never an event's address
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/sent/", views.register_sent, name="register_sent"),
    path("<slug:slug>/confirm/<str:token>/", views.confirm, name="confirm"),
    path("<slug:slug>/registration/<str:token>/", views.manage, name="registration"),
    path("<slug:slug>/registration/<str:token>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/registration/<str:token>/switch/", views.switch_online, name="switch_online"),
]
