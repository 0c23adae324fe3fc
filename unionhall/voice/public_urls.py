from django.urls import path

from unionhall.voice import public

app_name = "voice_public"
urlpatterns = [
    path("suggest/", public.public_submit, name="submit"),
    path("answers/", public.public_board, name="board"),
]
