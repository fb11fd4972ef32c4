app_name = "delivery"
urlpatterns: list = []
