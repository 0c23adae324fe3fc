from django.urls import path

from unionhall.polls import public

app_name = "polls_public"
urlpatterns = [
    path("polls/", public.enter_code, name="enter"),
    path("polls/v/<str:code>/", public.ballot, name="ballot"),
]
