"""Every URL pattern of the project, with its view and full route, for tests that walk them all."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str
    view: object
    name: str

    @property
    def params(self) -> list[str]:
        import re

        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield Route(prefix + str(p.pattern), p.callback, f"{namespace}{p.name or ''}")


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
