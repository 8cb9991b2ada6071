from django.urls import path

from commission.web.cache import public_page
from press import feeds, views

app_name = "press"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("feed/rss/", public_page(feeds.LatestReleasesFeed()), name="feed-rss"),
    path("feed/atom/", public_page(feeds.LatestReleasesAtomFeed()), name="feed-atom"),
    path("search/", views.release_search, name="search"),
    path("accreditation/", views.accreditation, name="accreditation"),
    path("accreditation/sent/", views.accreditation_sent, name="accreditation_sent"),
    path("accreditation/confirm/<str:token>/", views.accreditation_confirm, name="accreditation_confirm"),
    path("alerts/", views.alerts_subscribe, name="alerts"),
    path("alerts/sent/", views.alerts_sent, name="alerts_sent"),
    path("alerts/confirm/<str:token>/", views.alerts_confirm, name="alerts_confirm"),
    path("alerts/manage/<str:token>/", views.alerts_manage, name="alerts_manage"),
    path("alerts/unsubscribe/<str:token>/", views.alerts_unsubscribe, name="alerts_unsubscribe"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("preview/<str:token>/", views.preview_link, name="preview"),
    path("<slug:slug>/", views.release_detail, name="detail"),
    path("<slug:slug>/pdf/", views.release_pdf, name="pdf"),
    path("<slug:slug>/history/", views.release_history, name="history"),
    path("<slug:slug>/history/<int:number>/", views.release_version, name="version"),
    path("<slug:slug>/history/<int:number>/changes/", views.release_changes, name="changes"),
]
