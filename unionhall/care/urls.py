from django.urls import path

from unionhall.care import views

app_name = "care"
urlpatterns = [
    path("care/", views.visit_list, name="list"),
    path("care/new/", views.visit_create, name="create"),
    path("care/new/pick/<slug:field>/", views.visit_pick, name="pick"),
    path("care/batch/birthdays/", views.batch_birthdays, name="batch_birthdays"),
    path("care/batch/festival/", views.batch_festival, name="batch_festival"),
    path("care/import/", views.import_upload, name="import"),
    path("care/import/template/", views.import_template, name="import_template"),
    path("care/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("care/overrides/", views.override_list, name="overrides"),
    path("care/reminders/", views.reminder_dashboard, name="reminders"),
    path("care/rules/", views.rule_list, name="rules"),
    path("care/rules/example/", views.rules_load_example, name="rules_example"),
    path("care/rules/<slug:kind>/", views.rule_edit, name="rule_edit"),
    path("care/member/<int:member>/", views.member_care, name="member"),
    path("care/<int:pk>/", views.visit_detail, name="detail"),
    path("care/<int:pk>/discharge/", views.visit_discharge, name="discharge"),
    path("care/<int:pk>/cancel/", views.visit_cancel, name="cancel"),
    path("care/<int:pk>/photos/<int:photo>/", views.visit_photo, name="photo"),
]
