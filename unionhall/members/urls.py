from django.urls import path

from unionhall.members import views

app_name = "members"
urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/new/", views.member_create, name="create"),
    path("members/export.xlsx", views.member_export, name="export"),
    path("members/import/", views.import_upload, name="import"),
    path("members/import/template.xlsx", views.import_template, name="import_template"),
    path("members/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("members/<int:pk>/", views.member_detail, name="detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="edit"),
    path("members/<int:pk>/event/", views.member_event, name="event"),
    path("members/<int:pk>/photo/", views.member_photo, name="photo"),
    path("members/<int:pk>/login/", views.member_login, name="login"),
    path("members/<int:pk>/login/slip/", views.login_slip, name="login_slip"),
    path("members/logins/", views.logins_issue, name="logins"),
    path("me/", views.my_profile, name="me"),
]
