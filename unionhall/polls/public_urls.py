from django.urls import path

from unionhall.polls import public

app_name = "polls_public"
urlpatterns = [
    # The code travels in the POST body, never in these paths (see public.py).
    path("polls/", public.enter_code, name="enter"),
    path("polls/ballot/", public.ballot, name="ballot"),
    # Slips printed before codes left the URL: the entry page, without reading the code.
    path("polls/v/<str:_code>/", public.old_slip, name="old_slip"),
]
