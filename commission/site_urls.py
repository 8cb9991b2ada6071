from django.urls import path

from commission import views

app_name = "commission"

urlpatterns = [
    path("", views.home, name="home"),
    path("commission/", views.about, name="about"),
    path("commission/people/<slug:slug>/", views.person_detail, name="person"),
    path("privacy/", views.privacy, name="privacy"),
]
