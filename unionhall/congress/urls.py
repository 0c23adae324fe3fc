from django.urls import path

from unionhall.congress import views

app_name = "congress"
urlpatterns = [
    path("congress/", views.congress_home, name="home"),
    path("congress/rules/", views.rules_edit, name="rules"),
    path("congress/terms/new/", views.term_create, name="term_create"),
    path("congress/terms/<int:pk>/", views.term_detail, name="term"),
    path("congress/terms/<int:pk>/representatives/new/", views.representative_add, name="rep_add"),
    path("congress/terms/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("congress/sessions/<int:pk>/", views.session_detail, name="session"),
    path("congress/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("congress/sessions/<int:pk>/report/", views.session_report, name="report"),
    path(
        "congress/sessions/<int:pk>/report/<str:name>/",
        views.session_report_records,
        name="report_records",
    ),
    path(
        "congress/sessions/<int:pk>/resolutions/new/",
        views.resolution_create,
        name="resolution_create",
    ),
    path("congress/resolutions/<int:pk>/tally/", views.resolution_tally, name="tally"),
    path("congress/proposals/", views.proposal_list, name="proposals"),
    path("congress/proposals/new/", views.proposal_create, name="proposal_create"),
    path("congress/proposals/paper/", views.proposal_paper_create, name="proposal_paper"),
    path("congress/proposals/overdue/", views.overdue_list, name="overdue"),
    path("congress/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("congress/proposals/<int:pk>/form.docx", views.proposal_docx, name="proposal_docx"),
    path("congress/proposals/<int:pk>/cosign/", views.proposal_cosign, name="cosign"),
    path("congress/proposals/<int:pk>/accept/", views.proposal_accept, name="accept"),
    path("congress/proposals/<int:pk>/reject/", views.proposal_reject, name="reject"),
    path("congress/proposals/<int:pk>/merge/", views.proposal_merge, name="merge"),
    path("congress/proposals/<int:pk>/answer/", views.proposal_answer, name="answer"),
    path("congress/proposals/<int:pk>/second/", views.proposal_second_answer, name="second"),
    path("congress/proposals/<int:pk>/rate/", views.proposal_rate, name="rate"),
    path("congress/proposals/<int:pk>/progress/", views.proposal_progress, name="progress"),
    path("congress/proposals/<int:pk>/done/", views.proposal_done, name="done"),
    path(
        "congress/proposals/<int:pk>/paper/<str:action>/",
        views.proposal_paper,
        name="paper",
    ),
]
