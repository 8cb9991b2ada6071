from django.urls import path

from press import views

app_name = "press"

urlpatterns = [
    path("<slug:slug>/", views.release_detail, name="detail"),
]
