from django.urls import path

from delivery import views

app_name = "delivery"
urlpatterns = [
    path("library/", views.library, name="library"),
    path(
        "library/<int:item_id>/<int:asset_id>/",
        views.library_download,
        name="library_download",
    ),
    path("<str:token>/", views.download, name="download"),
]
