"""unionhall's URLs plus the floor views of bench/_http.py: the least Django can do."""

import uuid

from django.db import models, transaction
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST


class FloorRow(models.Model):
    """One row per floor insert; its table is made by bench/_http.py, never by a migration."""

    key = models.CharField(max_length=32, unique=True)

    class Meta:
        app_label = "core"
        db_table = "bench_floor_row"
        managed = False

    def __str__(self) -> str:
        return self.key


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def floor_insert(request):
    with transaction.atomic():
        FloorRow.objects.create(key=uuid.uuid4().hex)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/insert/", floor_insert),
    path("", include("unionhall.urls")),
]
