"""The site's URLs plus one bare Django view, the yardstick of the records-page benchmark."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("unionhall.urls")),
]
