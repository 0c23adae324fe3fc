from django.urls import path

from unionhall.polls import views, views_kinds, views_selections

app_name = "polls"
urlpatterns = [
    path("polls/", views.poll_list, name="list"),
    path("polls/new/", views.poll_create, name="create"),
    path("polls/<int:pk>/", views.poll_detail, name="detail"),
    path("polls/<int:pk>/edit/", views.poll_edit, name="edit"),
    path("polls/<int:pk>/delete/", views.poll_delete, name="delete"),
    path("polls/<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        "polls/<int:pk>/questions/<int:question_pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "polls/<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("polls/<int:pk>/move/<str:target>/", views.poll_move, name="move"),
    path("polls/<int:pk>/runoff/", views.runoff, name="runoff"),
    path("polls/<int:pk>/vote/", views.vote, name="vote"),
    path("polls/<int:pk>/codes/", views.codes, name="codes"),
    path("polls/<int:pk>/codes/void/", views.codes_void, name="codes_void"),
    path("polls/<int:pk>/codes.docx", views.code_slips, name="code_slips"),
    path("polls/<int:pk>/report.docx", views.report, name="report"),
    path("polls/<int:pk>/ballot.docx", views.paper_ballots, name="paper_ballots"),
    path("polls/<int:pk>/paper/", views.paper, name="paper"),
    path("polls/<int:pk>/tally/", views.tally, name="tally"),
    path("polls/<int:pk>/results/", views_kinds.poll_results, name="results"),
    path("polls/<int:pk>/results.xlsx", views_kinds.poll_results_xlsx, name="results_xlsx"),
    path("polls/<int:pk>/winners/", views_kinds.winners, name="winners"),
    path("polls/<int:pk>/copy/", views_kinds.questions_copy, name="questions_copy"),
    path("polls/<int:pk>/teaching/", views_kinds.teaching_import, name="teaching_import"),
    path(
        "polls/<int:pk>/teaching/<int:batch>/",
        views_kinds.teaching_preview,
        name="teaching_preview",
    ),
    path("polls/teaching.xlsx", views_kinds.teaching_template, name="teaching_template"),
    path("polls/classes/", views_kinds.classes, name="classes"),
    path("polls/classes/<int:pk>/retire/", views_kinds.class_retire, name="class_retire"),
    path("polls/classes/import/", views_kinds.classes_import, name="classes_import"),
    path("polls/classes/import/<int:batch>/", views_kinds.classes_preview, name="classes_preview"),
    path("polls/classes.xlsx", views_kinds.classes_template, name="classes_template"),
    path("selections/", views_selections.selection_list, name="selections"),
    path("selections/new/", views_selections.selection_create, name="selection_create"),
    path("selections/<int:pk>/", views_selections.selection_detail, name="selection"),
    path(
        "selections/<int:pk>/scores/",
        views_selections.selection_scores,
        name="selection_scores",
    ),
    path(
        "selections/<int:pk>/notice.docx",
        views_selections.selection_notice,
        name="selection_notice",
    ),
    path("selections/<int:pk>/<str:step>/", views_selections.selection_step, name="selection_step"),
]
