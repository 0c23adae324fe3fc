"""Suggestion-box test data."""

import datetime as dt

import factory

from tests.factories import SchoolFactory
from unionhall.voice.models import Category, Suggestion, VoiceSettings


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("org", "name")

    org = factory.SubFactory(SchoolFactory)
    name = "后勤保障"


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    org = factory.SubFactory(SchoolFactory)
    category = factory.LazyAttribute(lambda o: CategoryFactory(org=o.org))
    title = factory.Sequence(lambda n: f"建议第{n}条")
    body = "食堂的菜偏咸，建议少放盐。"
    channel = Suggestion.Channel.MEMBER
    show_name = False
    submitted_on = factory.LazyFunction(lambda: dt.date(2026, 3, 2))
    submission_key = factory.Sequence(lambda n: f"{n:064d}")


def enable_public(org, **fields) -> VoiceSettings:
    return VoiceSettings.objects.update_or_create(
        org=org, defaults={"public_enabled": True, **fields}
    )[0]
