from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.comic_list, name="list"),
    path("comics/<slug:slug>/", views.comic_detail, name="detail"),
    path("comics/<slug:slug>/cover/", views.comic_cover, name="cover"),
]
