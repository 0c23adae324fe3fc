from django.urls import include, path

from unionhall.orgs.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The pages without a login first: a class voting with codes is the busiest hour there is.
    path("p/<slug:org>/", include("unionhall.voice.public_urls")),
    path("p/<slug:org>/", include("unionhall.polls.public_urls")),
    path("", include("unionhall.orgs.urls")),
    path("o/<slug:org>/", include("unionhall.members.urls")),
    path("o/<slug:org>/", include("unionhall.funds.urls")),
    path("o/<slug:org>/", include("unionhall.care.urls")),
    path("o/<slug:org>/", include("unionhall.dues.urls")),
    path("o/<slug:org>/reports/", include("unionhall.reports.urls")),
    path("o/<slug:org>/", include("unionhall.notices.urls")),
    path("o/<slug:org>/", include("unionhall.congress.urls")),
    path("o/<slug:org>/", include("unionhall.voice.urls")),
    path("o/<slug:org>/", include("unionhall.honours.urls")),
    path("o/<slug:org>/", include("unionhall.activities.urls")),
    path("o/<slug:org>/", include("unionhall.competitions.urls")),
    path("o/<slug:org>/", include("unionhall.mentoring.urls")),
    path("o/<slug:org>/", include("unionhall.polls.urls")),
    path("o/<slug:org>/", include("unionhall.plans.urls")),
    path("o/<slug:org>/", include("unionhall.district.urls")),
    path("o/<slug:org>/", include("unionhall.archive.urls")),
]

# A database that cannot be reached gives a 503 "try again shortly" page, other failures the 500.
handler500 = "unionhall.core.errors.server_error"
