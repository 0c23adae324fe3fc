app_name = "district"
urlpatterns: list = []
