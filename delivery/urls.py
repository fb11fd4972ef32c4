from django.urls import path

from delivery import views

app_name = "delivery"
urlpatterns = [
    path("orders/<str:number>/reissue/", views.reissue_links, name="reissue"),
    path("<str:token>/", views.download, name="download"),
]
