from django.urls import path

from unionhall.notices import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<int:pk>/", views.notice_open, name="open"),
    path("notices/read-all/", views.notice_read_all, name="read_all"),
]
