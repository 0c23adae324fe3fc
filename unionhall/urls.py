from django.urls import include, path

urlpatterns = [
    path("", include("unionhall.orgs.urls")),
    path("o/<slug:org>/", include("unionhall.members.urls")),
    path("o/<slug:org>/", include("unionhall.funds.urls")),
    path("o/<slug:org>/", include("unionhall.care.urls")),
    path("o/<slug:org>/", include("unionhall.dues.urls")),
    path("o/<slug:org>/reports/", include("unionhall.reports.urls")),
    path("o/<slug:org>/", include("unionhall.notices.urls")),
    path("o/<slug:org>/", include("unionhall.congress.urls")),
    path("o/<slug:org>/", include("unionhall.voice.urls")),
    path("p/<slug:org>/", include("unionhall.voice.public_urls")),
]
