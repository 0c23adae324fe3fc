"""Competitions (竞赛、比武、评比): entries, scores, places and prizes under the prize
rules; winners go into the honours register.
"""

from django.urls import path

from unionhall.competitions import views

app_name = "competitions"
urlpatterns = [
    path("competitions/", views.competition_list, name="list"),
    path("competitions/new/", views.competition_create, name="create"),
    path("competitions/rules/", views.policy, name="policy"),
    path("competitions/<int:pk>/", views.competition_detail, name="detail"),
    path("competitions/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("competitions/<int:pk>/entries/many/", views.entries_many, name="entries_many"),
    path("competitions/<int:pk>/scores/grid/", views.score_grid, name="score_grid"),
    path(
        "competitions/<int:pk>/entries/<int:entry>/withdraw/",
        views.entry_withdraw,
        name="entry_withdraw",
    ),
    path("competitions/<int:pk>/scores/", views.score_record, name="score"),
    path("competitions/<int:pk>/prize-table/", views.prize_table, name="prize_table"),
    path("competitions/<int:pk>/rank/", views.rank, name="rank"),
    path("competitions/<int:pk>/prizes/", views.prizes_set, name="prizes"),
    path("competitions/<int:pk>/publish/", views.publish, name="publish"),
]
