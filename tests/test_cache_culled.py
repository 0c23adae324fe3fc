"""The default cache (files under VAR_DIR/cache) stays bounded without listing its directory on
every write (unionhall/core/cache.py)."""

from unittest import mock

from unionhall.core.cache import CULL_EVERY, CulledFileCache


def test_the_files_are_culled_now_and_then_not_on_every_write(tmp_path):
    cache = CulledFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2}})
    with mock.patch.object(cache, "_list_cache_files", wraps=cache._list_cache_files) as listed:
        for i in range(10 * CULL_EVERY):
            cache.set(f"part-{i}", {"figure": i})
    assert listed.call_count == 10  # the first write of the process, then every 100th
    # Half culled at each look past MAX_ENTRIES: 1,000 written, at most 20 + 2 × 100 kept.
    assert len(list(tmp_path.glob("*.djcache"))) <= 20 + 2 * CULL_EVERY
    assert cache.get(f"part-{10 * CULL_EVERY - 1}") == {"figure": 10 * CULL_EVERY - 1}


def test_the_default_cache_is_the_culled_one(settings):
    from django.core.cache import caches

    from unionhall import settings as project

    assert project.CACHES["default"]["BACKEND"] == "unionhall.core.cache.CulledFileCache"
    settings.CACHES = project.CACHES
    assert isinstance(caches.create_connection("default"), CulledFileCache)
