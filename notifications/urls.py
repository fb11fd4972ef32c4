from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("emails/", views.preferences, name="preferences"),
    path("emails/stop/<str:token>/", views.file_updates_stop, name="file_updates_stop"),
]
