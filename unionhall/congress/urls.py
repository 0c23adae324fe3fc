from django.urls import path

from unionhall.congress import views, views_proposals, views_reports

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
    path("congress/sessions/<int:pk>/report/", views_reports.session_report, name="report"),
    path(
        "congress/sessions/<int:pk>/report/<str:name>/",
        views_reports.session_report_records,
        name="report_records",
    ),
    path(
        "congress/sessions/<int:pk>/resolutions/new/",
        views_reports.resolution_create,
        name="resolution_create",
    ),
    path("congress/resolutions/<int:pk>/tally/", views_reports.resolution_tally, name="tally"),
    path(
        "congress/resolutions/<int:pk>/document/",
        views_reports.resolution_document,
        name="resolution_document",
    ),
    path("congress/proposals/", views_proposals.proposal_list, name="proposals"),
    path("congress/proposals/new/", views_proposals.proposal_create, name="proposal_create"),
    path("congress/proposals/paper/", views_proposals.proposal_paper_create, name="proposal_paper"),
    path("congress/proposals/overdue/", views_reports.overdue_list, name="overdue"),
    path("congress/proposals/<int:pk>/", views_proposals.proposal_detail, name="proposal"),
    path(
        "congress/proposals/<int:pk>/form.docx", views_proposals.proposal_docx, name="proposal_docx"
    ),
    path("congress/proposals/<int:pk>/cosign/", views_proposals.proposal_cosign, name="cosign"),
    path("congress/proposals/<int:pk>/accept/", views_proposals.proposal_accept, name="accept"),
    path("congress/proposals/<int:pk>/reject/", views_proposals.proposal_reject, name="reject"),
    path("congress/proposals/<int:pk>/merge/", views_proposals.proposal_merge, name="merge"),
    path("congress/proposals/<int:pk>/answer/", views_proposals.proposal_answer, name="answer"),
    path(
        "congress/proposals/<int:pk>/second/", views_proposals.proposal_second_answer, name="second"
    ),
    path("congress/proposals/<int:pk>/rate/", views_proposals.proposal_rate, name="rate"),
    path(
        "congress/proposals/<int:pk>/progress/", views_proposals.proposal_progress, name="progress"
    ),
    path("congress/proposals/<int:pk>/done/", views_proposals.proposal_done, name="done"),
    path(
        "congress/proposals/<int:pk>/paper/<str:action>/",
        views_proposals.proposal_paper,
        name="paper",
    ),
]
