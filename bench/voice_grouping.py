"""Grouping 1,000 suggestions into themes (jieba + TF-IDF + k-means): `group_1000_s`.

The suggestions are made by recombining the demo sentences. `group_1000_s` is the time of one
grouping in a running server (jieba's dictionary already loaded, as after the first request);
`group_1000_cold_s` adds loading the dictionary, as on the first request after a start.

Run alone with `python -m bench.voice_grouping`, or with every benchmark by `make bench`.
"""

import os
import random
import re
import time

N = 1000


def suggestions(n: int = N, seed: int = 2026) -> list[str]:
    """`n` believable suggestions: a demo title with sentences from suggestions of its category."""
    from unionhall.demo.voice_texts import SUGGESTIONS
    from unionhall.voice.grouping import text_of

    rng = random.Random(seed)
    by_category: dict[str, list[str]] = {}
    for category, _title, body in SUGGESTIONS:
        sentences = [s for s in re.split(r"(?<=[。！？])", body) if s]
        by_category.setdefault(category, []).extend(sentences)
    texts = []
    for _ in range(n):
        category, title, body = rng.choice(SUGGESTIONS)
        first = re.split(r"(?<=[。！？])", body)[0]
        extra = rng.choice(by_category[category])
        texts.append(text_of(title, first + extra))
    return texts


def run() -> None:
    import jieba

    from unionhall.voice import grouping

    texts = suggestions()
    started = time.perf_counter()
    jieba.initialize()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    themes = grouping.propose_themes(texts)
    took = time.perf_counter() - started
    print(f"group_1000_s={took:.2f}")
    print(f"group_1000_cold_s={took + loaded:.2f}")
    print(f"group_1000_themes={len(themes)}")


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
    django.setup()
    run()
