from django.urls import include, path

urlpatterns = [
    path("", include("unionhall.orgs.urls")),
    path("o/<slug:org>/", include("unionhall.members.urls")),
    path("o/<slug:org>/", include("unionhall.voice.urls")),
    path("p/<slug:org>/", include("unionhall.voice.public_urls")),
]
