from django.urls import path

from unionhall.polls import views, views_box, views_selections

app_name = "polls"
urlpatterns = [
    path("polls/", views.poll_list, name="list"),
    path("polls/new/", views.poll_create, name="create"),
    path("polls/<int:pk>/", views.poll_detail, name="detail"),
    path("polls/<int:pk>/questions/", views.question_add, name="question_add"),
    path("polls/<int:pk>/move/<str:target>/", views.poll_move, name="move"),
    path("polls/<int:pk>/runoff/", views.runoff, name="runoff"),
    path("polls/<int:pk>/vote/", views.vote, name="vote"),
    path("polls/<int:pk>/codes/", views.codes, name="codes"),
    path("polls/<int:pk>/codes/void/", views.codes_void, name="codes_void"),
    path("polls/<int:pk>/codes.docx", views.code_slips, name="code_slips"),
    path("polls/<int:pk>/report.docx", views.report, name="report"),
    path("polls/<int:pk>/paper/", views.paper, name="paper"),
    path("polls/<int:pk>/tally/", views.tally, name="tally"),
    path("polls/<int:pk>/key-holders/", views_box.key_holder_name, name="key_holder_name"),
    path("polls/<int:pk>/passphrase/", views_box.passphrase, name="passphrase"),
    path("polls/<int:pk>/box/open/", views_box.box_open, name="box_open"),
    path("polls/<int:pk>/box/unopenable/", views_box.box_unopenable, name="box_unopenable"),
    path("selections/", views_selections.selection_list, name="selections"),
    path("selections/new/", views_selections.selection_create, name="selection_create"),
    path("selections/<int:pk>/", views_selections.selection_detail, name="selection"),
    path("selections/<int:pk>/<str:step>/", views_selections.selection_step, name="selection_step"),
]
