from django.urls import path

from unionhall.orgs import views, views_setup

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("o/<slug:org>/", views.org_home, name="org_home"),
    path("o/<slug:org>/schools/", views.district_overview, name="district_overview"),
    path(
        "o/<slug:org>/schools/<slug:school>/indicator/<str:name>/",
        views.district_school_records,
        name="district_school_records",
    ),
    path("o/<slug:org>/schools/manage/", views_setup.district_schools, name="district_schools"),
    path(
        "o/<slug:org>/schools/manage/<slug:school>/",
        views_setup.district_school,
        name="district_school",
    ),
    path(
        "o/<slug:org>/schools/manage/<slug:school>/chairs/<int:pk>/password/",
        views_setup.district_chair_password,
        name="district_chair_password",
    ),
    path(
        "o/<slug:org>/schools/manage/<slug:school>/archive/",
        views_setup.district_school_archive,
        name="district_school_archive",
    ),
    path("o/<slug:org>/setup/", views_setup.school_setup, name="school_setup"),
    path("o/<slug:org>/setup/checklist/", views_setup.setup_checklist, name="setup_checklist"),
    path("o/<slug:org>/departments/", views_setup.departments, name="departments"),
    path("o/<slug:org>/departments/<int:pk>/", views_setup.department_edit, name="department_edit"),
    path("o/<slug:org>/roles/", views.roles, name="roles"),
    path("o/<slug:org>/roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("o/<slug:org>/logins/locked/", views.locked_logins, name="locked_logins"),
    path("o/<slug:org>/logins/<int:pk>/unlock/", views.login_unlock, name="login_unlock"),
    path("o/<slug:org>/logins/addresses/unlock/", views.address_unlock, name="address_unlock"),
    path("o/<slug:org>/sensitive-reads/", views.sensitive_log, name="sensitive_log"),
]
