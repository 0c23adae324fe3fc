from django.urls import path

from unionhall.dues import views

app_name = "dues"
urlpatterns = [
    path("dues/", views.dues_list, name="list"),
    path("dues/mine/", views.my_dues, name="mine"),
    path("dues/collect/", views.collect, name="collect"),
    path("dues/arrears/", views.arrears, name="arrears"),
    path("dues/arrears.xlsx", views.arrears_export, name="arrears_export"),
    path("dues/settings/", views.settings_edit, name="settings"),
    path("dues/member/<int:member>/", views.account_edit, name="account"),
]
