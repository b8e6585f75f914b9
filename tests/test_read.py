"""Readers: formats, metadata, encodings and the errors bad input gets."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.errors import InputError
from kg.read import PartialInput, detect_format, read_bytes, read_path


def test_markdown_front_matter_is_metadata():
    data = "---\ntitle: Raid on a camp\npublished: 2021-03-21\nsource: Wire\nauthor: Desk\n---\nBody text here.\n"
    [a] = read_bytes(data.encode(), "raid.md")
    assert (a.title, a.published, a.source, a.author, a.format) == ("Raid on a camp", dt.date(2021, 3, 21), "Wire", "Desk", "md")
    assert a.text.strip() == "Body text here."
    assert len(a.id) == 16 and a.file == "raid.md"


def test_front_matter_values_stay_strings():
    data = "---\ntitle: NO\nsource: yes\npublished: 2020-01-02\n---\nText.\n"
    [a] = read_bytes(data.encode(), "x.md")
    assert a.title == "NO" and a.source == "yes"


@pytest.mark.parametrize("head", ["a: &x [1]\nb: *x", "a: !!python/object:os.system 'ls'", "title: [unclosed"])
def test_unsafe_or_malformed_front_matter_is_refused(head):
    with pytest.raises(InputError) as e:
        read_bytes(f"---\n{head}\n---\nText.\n".encode(), "bad.md")
    assert "bad.md" in str(e.value) and "\n" not in str(e.value)


def test_unclosed_front_matter():
    with pytest.raises(InputError, match="never closed"):
        read_bytes(b"---\ntitle: x\nText without end", "open.md")


@pytest.mark.parametrize("data,problem", [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary", "binary"),
                                          (b"caf\xe9 au lait", "invalid UTF-8")])
def test_bad_bytes(data, problem):
    with pytest.raises(InputError, match=problem):
        read_bytes(data, "f.txt")


def test_bom_and_utf16_are_read():
    [a] = read_bytes("\ufeffAttack in Inatès.".encode("utf-8"), "a.txt")
    assert a.text == "Attack in Inatès."
    [b] = read_bytes("Attack in Inatès.".encode("utf-16"), "b.txt")
    assert b.text == "Attack in Inatès."


def test_same_content_same_id_and_changed_content_new_id():
    [a] = read_bytes(b"One text.", "a.txt")
    [b] = read_bytes(b"One text.", "b.txt")
    [c] = read_bytes(b"Another text.", "a.txt")
    assert a.id == b.id != c.id


def test_published_option_for_plain_text():
    [a] = read_bytes(b"Gunmen attacked a village on Monday.", "a.txt", published=dt.date(2022, 5, 4), source="Radio")
    assert a.published == dt.date(2022, 5, 4) and a.source == "Radio"


def test_jsonl_one_article_per_line_and_bad_lines_reported():
    lines = [json.dumps({"id": "r1", "text": "First.", "title": "T1", "published": "2020-02-03"}),
             "{broken", json.dumps({"text": "Second."}), json.dumps({"title": "no text"})]
    with pytest.raises(PartialInput) as e:
        list(read_bytes("\n".join(lines).encode(), "feed.jsonl"))
    problems = e.value.problems
    assert [p.line for p in problems] == [2, 4]
    assert all("feed.jsonl" in str(p) for p in problems)


def test_jsonl_good_records():
    lines = [json.dumps({"id": "r1", "text": "First.", "published": "2020-02-03"}), json.dumps({"text": "Second."})]
    arts = read_bytes("\n".join(lines).encode(), "feed.jsonl")
    assert [a.file for a in arts] == ["feed.jsonl#r1", "feed.jsonl#2"]
    assert arts[0].published == dt.date(2020, 2, 3) and arts[1].published is None


def test_html_main_text_title_and_date():
    page = """<!doctype html><html><head><title>Ambush near Djibo</title>
    <meta property="article:published_time" content="2022-09-27T10:00:00Z">
    <script>alert('x')</script></head><body><nav>Home | World</nav><article><h1>Ambush near Djibo</h1>
    <p>Gunmen ambushed a convoy near Djibo on Monday, killing eleven soldiers, the army said.</p>
    <p>The convoy was carrying supplies to the besieged town &amp; its people.</p></article>
    <footer>Copyright</footer></body></html>"""
    [a] = read_bytes(page.encode(), "page.html")
    assert "ambushed a convoy near Djibo" in a.text and "alert" not in a.text and "Copyright" not in a.text
    assert a.title == "Ambush near Djibo" and a.published == dt.date(2022, 9, 27) and "&amp;" not in a.text


def test_detect_format():
    assert detect_format("x", "---\ntitle: a\n---\nb") == "md"
    assert detect_format("x", "<!doctype html><html><body>x</body></html>") == "html"
    assert detect_format("x", '{"text": "a"}\n{"text": "b"}') == "jsonl"
    assert detect_format("x", "plain words") == "txt"


def test_missing_file_names_it(tmp_path):
    with pytest.raises(InputError, match="nope.md"):
        read_path(tmp_path / "nope.md")


def test_unreadable_date_is_an_error():
    with pytest.raises(InputError, match="publication date"):
        read_bytes(b"---\npublished: someday\n---\nText.", "d.md")
