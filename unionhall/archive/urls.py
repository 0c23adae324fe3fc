"""The year's archive (档案): one .zip per school year, by category, with a manifest."""

from django.urls import path

from unionhall.archive import views

app_name = "archive"
urlpatterns = [
    path("archive/", views.archive_home, name="home"),
    path("archive/<int:pk>/", views.archive_detail, name="detail"),
    path("archive/<int:pk>/download/", views.archive_download, name="download"),
]
