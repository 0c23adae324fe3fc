from django.urls import path

from unionhall.activities import views, views_clubs, views_exports

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/export.xlsx", views_exports.activity_list_xlsx, name="list_xlsx"),
    path("activities/<int:pk>/signups.xlsx", views_exports.signups_xlsx, name="signups_xlsx"),
    path("activities/new/", views.activity_create, name="create"),
    path("activities/mine/", views.my_activities, name="mine"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="cancel"),
    path("activities/<int:pk>/signup/", views.signup, name="signup"),
    path("activities/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("activities/<int:pk>/qr/", views.qr_code, name="qr"),
    path("activities/<int:pk>/checkin/<str:token>/", views.checkin, name="checkin"),
    path("activities/<int:pk>/sessions/new/", views.session_add, name="session_add"),
    path(
        "activities/<int:pk>/sessions/<int:session>/",
        views.session_attendance,
        name="session",
    ),
    path("activities/<int:pk>/paper/", views.paper, name="paper"),
    path("activities/<int:pk>/sign-in-sheet/", views.sheet_upload, name="sheet"),
    path(
        "activities/<int:pk>/sign-in-sheet/template.xlsx",
        views.sheet_template,
        name="sheet_template",
    ),
    path(
        "activities/<int:pk>/sign-in-sheet/<int:batch>/",
        views.sheet_preview,
        name="sheet_preview",
    ),
    path("activities/<int:pk>/cost/", views.cost, name="cost"),
    path("clubs/", views_clubs.club_list, name="clubs"),
    path("clubs/new/", views_clubs.club_create, name="club_create"),
    path("clubs/<int:pk>/", views_clubs.club_detail, name="club"),
    path("clubs/<int:pk>/edit/", views_clubs.club_edit, name="club_edit"),
    path("clubs/<int:pk>/members/", views_clubs.club_member_add, name="club_member_add"),
    path(
        "clubs/<int:pk>/members/<int:membership>/leave/",
        views_clubs.club_member_leave,
        name="club_member_leave",
    ),
    path("clubs/<int:pk>/subsidy/", views_clubs.club_subsidy, name="club_subsidy"),
]
