"""The objects that flow through kg's stages: read -> extract -> resolve -> to_rdf -> store.

Plain dataclasses, no behaviour beyond small derived properties, so that every stage can be
tested alone and every object can be printed or compared in a test.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Precision = str  # "day" | "month" | "year"


@dataclass(frozen=True)
class Article:
    """One article as read from a file, a JSON Lines record or stdin."""

    id: str                      # content checksum (sha256 hex, first 16 chars): the article's identity
    file: str                    # the name it was ingested under (file basename, or "name.jsonl#id")
    text: str                    # body text (front matter removed, HTML reduced to its main text)
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None    # the outlet
    author: str | None = None
    url: str | None = None
    format: str = "txt"          # md | txt | html | jsonl
    checksum: str = ""           # full sha256 of the text and metadata
    path: str | None = None      # where it was read from (not stored in the graph)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int                   # character offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A date as precise as the text allows.

    ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` following ``precision``; ``start``/``end`` is
    the interval of days it covers. An unresolved relative date ("on Wednesday" in a text with no
    publication date) has ``iso=None`` and keeps its ``text``.
    """

    iso: str | None
    precision: Precision | None
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    resolved: bool = True


@dataclass(frozen=True)
class Quantity:
    """A parsed number: exact ``value`` or a range ``low``..``high``, with its qualifier."""

    value: int | None
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None  # "at least" | "more than" | "about" | "nearly" | "up to" | "fewer than" | None
    vague: bool = False           # "dozens", "scores", "several": coded by the ACLED convention


@dataclass(frozen=True)
class Mention:
    """A span of text resolved to a known actor or place, or recognised as a generic actor."""

    start: int
    end: int
    text: str
    kind: str                    # "actor" | "place"
    ref: str                     # actor key / place key
    sentence: int = -1


@dataclass
class Claim:
    """A figure stated by someone: "at least 71 killed, officials said"."""

    property: str                # killed | wounded | missing | abducted | displaced | perpetrators_killed
    quantity: Quantity
    claimant: str | None = None  # actor key when the claimant is a known actor
    claimant_label: str | None = None  # the words of the text: "Nigerien officials", "residents"
    sentence: int = -1
    start: int = -1
    end: int = -1
    revised: bool = False          # stated as a revision of an earlier toll ("revised the toll to")
    provisional: bool = False      # stated as a first count later overtaken ("police first spoke of four dead")
    combined: bool = False         # the total of several incidents told together (a list of places struck at
                                   # once): a claim of each, the coded figure of none


@dataclass
class Responsibility:
    """Who is held responsible, how, and by whom."""

    actor: str                   # actor key
    status: str                  # claimed | attributed | suspected | denied
    by: str | None = None        # actor key of who claims / attributes
    by_label: str | None = None
    sentence: int = -1


@dataclass
class EventReport:
    """One article's account of one incident."""

    type: str                                   # key of vocab.EVENT_TYPES
    date: DateValue | None
    place: str | None                           # place key
    sentences: list[int] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    responsibility: list[Responsibility] = field(default_factory=list)
    tactics: list[str] = field(default_factory=list)
    role: str = "main"                          # main | background
    label: str = ""
    trigger: str = ""
    geo_precision: int = 1


@dataclass
class Relation:
    """A group-level fact the text states: ISGS part_of ISWAP."""

    s: str                       # actor key
    p: str                       # key of vocab.RELATION_PROPERTIES
    o: str
    sentence: int = -1
    since: str | None = None     # ISO date / year-month / year
    until: str | None = None


@dataclass
class NewActor:
    """An actor the reference data lacks but the text introduces."""

    key: str
    name: str
    kind: str
    country: str | None = None
    sentence: int = -1


@dataclass
class NewPlace:
    """A place the gazetteer lacks, located at the finest enclosing place the text gives."""

    key: str
    name: str
    country: str | None          # ISO2
    within: str | None = None    # key of the enclosing place
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 2
    sentence: int = -1
    aliases: tuple[str, ...] = ()


@dataclass
class Findings:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventReport] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    new_actors: list[NewActor] = field(default_factory=list)
    new_places: list[NewPlace] = field(default_factory=list)
