"""kg's cache of built reference structures (kg/cache.py): keyed by the data, rebuilt when it changes,
harmless when the directory cannot be written."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import cache, gazetteer, reference
from kg.gazetteer import build_gazetteer, load_gazetteer
from kg.reference import load_actors, load_places


def _clear() -> None:
    load_actors.cache_clear()
    load_places.cache_clear()
    load_gazetteer.cache_clear()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """An empty cache directory; the process-wide loaders forget what they hold, before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    _clear()
    yield folder
    _clear()


@pytest.fixture
def actors_copy(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "actors.yaml"
    shutil.copy(reference.ACTORS_FILE, copy)
    monkeypatch.setattr(reference, "ACTORS_FILE", copy)
    return copy


def _files(folder: Path, kind: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{kind}-*")) if folder.is_dir() else []


def test_actors_are_cached_and_the_cache_is_what_the_file_gives(cache_dir, actors_copy, monkeypatch):
    fresh = load_actors()
    assert len(_files(cache_dir, "actors")) == 1
    _clear()

    def unread(file):
        raise AssertionError("the actors file was read although the cache holds it")

    monkeypatch.setattr(reference, "_read_actors", unread)
    cached = load_actors()
    assert cached == fresh and list(cached) == list(fresh)
    assert cached is not fresh


def test_a_changed_actors_file_is_read_again_and_replaces_the_cache(cache_dir, actors_copy):
    before = load_actors()
    old = _files(cache_dir, "actors")
    key, rec = next(iter(before.items()))
    text = actors_copy.read_text(encoding="utf-8")
    assert f"name: {rec.name}\n" in text
    actors_copy.write_text(text.replace(f"name: {rec.name}\n", "name: Renamed In The Test\n", 1), encoding="utf-8")
    _clear()
    after = load_actors()
    assert after[key].name == "Renamed In The Test"
    new = _files(cache_dir, "actors")
    assert len(new) == 1 and new != old          # the stale file is gone


def test_a_bad_actors_file_is_reported_not_cached(cache_dir, actors_copy):
    actors_copy.write_text("- id: Not A Slug\n", encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError):
        load_actors()
    assert _files(cache_dir, "actors") == []


def test_a_corrupt_cache_file_is_rebuilt(cache_dir, actors_copy):
    fresh = load_actors()
    [name] = _files(cache_dir, "actors")
    (cache_dir / name).write_bytes(b"\x00not marshal")
    _clear()
    assert load_actors() == fresh
    assert (cache_dir / name).read_bytes() != b"\x00not marshal"


def test_an_unwritable_cache_dir_only_costs_time(tmp_path, monkeypatch, actors_copy):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))   # mkdir fails, even for root
    _clear()
    try:
        assert cache.write("x-1.bin", b"data") is False
        assert cache.read("x-1.bin") is None
        actors = load_actors()
        assert len(actors) > 100
        assert load_actors() is actors
    finally:
        _clear()
    assert not list(tmp_path.glob("**/*.tmp"))


def test_cache_write_replaces_older_files_of_the_same_kind_only(cache_dir):
    assert cache.write("gazetteer-built-aaaa.marshal", b"1")
    (cache_dir / "gazetteer-built-0000.json").write_text("{}")     # an older format
    (cache_dir / "gazetteer-cities-bbbb.marshal").write_bytes(b"2")
    assert cache.write("gazetteer-built-cccc.marshal", b"3")
    assert _files(cache_dir, "gazetteer-built") == ["gazetteer-built-cccc.marshal"]
    assert _files(cache_dir, "gazetteer-cities") == ["gazetteer-cities-bbbb.marshal"]


def test_cache_key_follows_the_bytes_of_files(tmp_path):
    f = tmp_path / "data.csv"
    f.write_text("a")
    first = cache.key("k", [f, "text"])
    assert cache.key("k", [f, "text"]) == first
    f.write_text("b")
    assert cache.key("k", [f, "text"]) != first
    assert cache.key("k", [b"ab", b"c"]) != cache.key("k", [b"a", b"bc"])


@pytest.fixture
def small_gazetteer(cache_dir, tmp_path, monkeypatch) -> Path:
    """The gazetteer built from a copy of the place supplement and a few GeoNames rows (no 76 MB JSON)."""
    places = tmp_path / "places.csv"
    shutil.copy(reference.PLACES_FILE, places)
    monkeypatch.setattr(reference, "PLACES_FILE", places)
    rows = [[2460596, "Gao", 16.27167, -0.04447, "ML", 87000, "07", ["Gao City"], ["gao", "gao city"]],
            [2440485, "Niamey", 13.51366, 2.1098, "NE", 774235, "08", [], ["niamey"]]]
    monkeypatch.setattr(gazetteer, "_city_rows", lambda: [list(r) for r in rows])
    return places


def test_gazetteer_cache_is_the_built_gazetteer(small_gazetteer, cache_dir, monkeypatch):
    built = build_gazetteer(load_places(), gazetteer._city_rows())
    first = load_gazetteer()
    assert _files(cache_dir, "gazetteer-built") == [gazetteer._built_path().name]
    _clear()
    monkeypatch.setattr(gazetteer, "build_gazetteer", lambda *a: pytest.fail("built although cached"))
    cached = load_gazetteer()
    assert cached is not first
    assert cached._records == built._records and list(cached._records) == list(built._records)
    assert cached._index == built._index and cached._redirects == built._redirects
    assert [r.key for r in cached.lookup("Gao")] == [r.key for r in built.lookup("Gao")]


def test_a_changed_place_supplement_rebuilds_the_gazetteer(small_gazetteer, cache_dir):
    assert not load_gazetteer().lookup("Testville Nord")
    old = _files(cache_dir, "gazetteer-built")
    with small_gazetteer.open("a", encoding="utf-8") as f:
        f.write("ml-testville-nord,Testville Nord,,locality,ML,,15.1,-1.2,,test\n")
    _clear()
    assert [r.key for r in load_gazetteer().lookup("Testville Nord")] == ["ml-testville-nord"]
    new = _files(cache_dir, "gazetteer-built")
    assert len(new) == 1 and new != old
