"""The grouping helper: propose themes for a batch of suggestions.

Chinese text is cut into words with jieba, weighted with TF-IDF and clustered with k-means
(scikit-learn). The number of themes is the k in a small range with the best silhouette score.
Everything is deterministic: the same texts always give the same themes.
"""

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

jieba.setLogLevel(logging.WARNING)

STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")
KEYWORDS_PER_THEME = 5
RANDOM_STATE = 20260901
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass(frozen=True)
class ProposedTheme:
    keywords: list[str]
    # Positions in the list of texts given to `propose_themes`.
    members: list[int]

    @property
    def name(self) -> str:
        return "、".join(self.keywords[:2])


@cache
def stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def warm_up() -> None:
    """Load what the first grouping would otherwise wait for: jieba's word dictionary (about
    2 s) and the stop words; importing this module has already loaded scikit-learn. The
    production server calls it once before it starts its workers (deploy/gunicorn.conf.py), so
    every worker has them from its start and no user waits for them."""
    jieba.initialize()
    stopwords()


def tokens(text: str) -> list[str]:
    """Words of two or more characters that carry meaning."""
    stop = stopwords()
    return [
        w
        for w in jieba.lcut(text)
        if len(w) >= 2 and w not in stop and _WORD.search(w) and not w.isdigit()
    ]


def text_of(title: str, body: str) -> str:
    """What the helper reads of a suggestion: the title counts twice, it says what matters."""
    return f"{title}。{title}。{body}"


def _k_candidates(n: int, k_min: int, k_max: int) -> range:
    # About ten suggestions per theme at least, so a hundred give a handful of themes.
    upper = max(k_min, min(k_max, n // 10))
    return range(k_min, upper + 1)


def propose_themes(texts: list[str], *, k_min: int = 5, k_max: int = 10) -> list[ProposedTheme]:
    """Themes for `texts`, largest first, each with its keywords and the positions of its texts."""
    if len(texts) < 2 * k_min:
        return [ProposedTheme(keywords=[], members=list(range(len(texts))))] if texts else []
    vectorizer = TfidfVectorizer(
        tokenizer=tokens,
        token_pattern=None,
        lowercase=False,
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
    )
    matrix = vectorizer.fit_transform(texts)
    terms = vectorizer.get_feature_names_out()
    best = None
    # One thread: on small matrices, BLAS/OpenMP thread start-up costs more than it saves.
    with threadpool_limits(limits=1):
        for k in _k_candidates(len(texts), k_min, k_max):
            model = KMeans(n_clusters=k, random_state=RANDOM_STATE, n_init=4).fit(matrix)
            if len(set(model.labels_)) < 2:
                continue
            score = silhouette_score(matrix, model.labels_, metric="cosine")
            if best is None or score > best[0] + 1e-9:
                best = (score, model)
    if best is None:
        return [ProposedTheme(keywords=[], members=list(range(len(texts))))]
    model = best[1]
    themes = []
    for label in range(model.n_clusters):
        members = [int(i) for i in np.flatnonzero(model.labels_ == label)]
        if not members:
            continue
        # Keywords: the terms that weigh most in this theme's own suggestions.
        weights = np.asarray(matrix[members].sum(axis=0)).ravel()
        order = np.argsort(-weights, kind="stable")[:KEYWORDS_PER_THEME]
        keywords = [str(terms[i]) for i in order if weights[i] > 0]
        themes.append(ProposedTheme(keywords=keywords, members=members))
    themes.sort(key=lambda t: (-len(t.members), t.members[0]))
    return themes
