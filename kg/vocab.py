"""The terms of kg's graph: namespaces and every property and class the code may use.

``KG`` is a closed namespace: using a term that is not listed here raises ``AttributeError``
instead of minting a new IRI by accident. Every term listed here is defined in
``ontology/kg.ttl`` (a test checks both directions), so the ontology file is the reference and this
module is its typed mirror for code.
"""
from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

BASE = "https://w3id.org/kg-armed-groups/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
ACLED = Namespace(BASE + "acled#")

REFERENCE_GRAPH = URIRef(GRAPH + "reference")
RESOLVED_GRAPH = URIRef(GRAPH + "resolved")
SUMMARY_GRAPH = URIRef(GRAPH + "summary")      # derived tallies, kept in step with graph/resolved (kg/summary.py)


class KG(DefinedNamespace):
    """kg's own ontology terms (``https://w3id.org/kg-armed-groups/ontology#``)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # --- classes: actors
    Actor: URIRef
    ArmedGroup: URIRef
    State: URIRef
    StateForce: URIRef
    Person: URIRef
    Organization: URIRef
    UnidentifiedActor: URIRef
    # --- classes: events
    Event: URIRef          # a canonical (resolved) event, fused from one or more reports
    EventReport: URIRef    # one article's account of an event
    EventType: URIRef
    # --- classes: places
    Place: URIRef
    Country: URIRef
    AdminRegion: URIRef
    Locality: URIRef
    # --- classes: provenance
    Article: URIRef
    Sentence: URIRef
    Claim: URIRef
    FigureClaim: URIRef
    ResponsibilityClaim: URIRef
    RelationStatement: URIRef
    ResponsibilityStatus: URIRef
    DatePrecision: URIRef
    # --- individuals: event types (skos:Concept, kg:EventType)
    Attack: URIRef
    Ambush: URIRef
    Bombing: URIRef
    SuicideBombing: URIRef
    Raid: URIRef
    Battle: URIRef
    Clash: URIRef
    Massacre: URIRef
    Abduction: URIRef
    Airstrike: URIRef
    Operation: URIRef
    PrisonBreak: URIRef
    Execution: URIRef
    OtherEvent: URIRef
    # --- individuals: responsibility status
    Claimed: URIRef
    Attributed: URIRef
    Suspected: URIRef
    Denied: URIRef
    # --- individuals: date precision
    Day: URIRef
    Month: URIRef
    Year: URIRef
    # --- event properties
    eventType: URIRef
    acledEventType: URIRef
    acledSubEventType: URIRef
    date: URIRef
    datePrecision: URIRef
    dateStart: URIRef
    dateEnd: URIRef
    dateText: URIRef
    dateResolved: URIRef
    place: URIRef
    geoPrecision: URIRef
    perpetrator: URIRef
    target: URIRef
    killed: URIRef
    wounded: URIRef
    missing: URIRef
    abducted: URIRef
    displaced: URIRef
    perpetratorsKilled: URIRef
    tactic: URIRef
    responsibility: URIRef
    claimedBy: URIRef
    role: URIRef
    report: URIRef
    hasClaim: URIRef
    disputed: URIRef
    sentence: URIRef
    # --- claims
    figure: URIRef
    value: URIRef
    low: URIRef
    high: URIRef
    qualifier: URIRef
    claimant: URIRef
    claimantLabel: URIRef
    status: URIRef
    responsibleActor: URIRef
    # --- relation statements and group relations
    relSubject: URIRef
    relPredicate: URIRef
    relObject: URIRef
    since: URIRef
    until: URIRef
    partOf: URIRef
    alliedWith: URIRef
    fights: URIRef
    backs: URIRef
    splinterOf: URIRef
    mergedInto: URIRef
    ledBy: URIRef
    pledgedAllegianceTo: URIRef
    # --- actors and places
    wikidata: URIRef
    acledName: URIRef
    country: URIRef
    admin1: URIRef
    within: URIRef
    geonamesId: URIRef
    unreviewed: URIRef
    mentions: URIRef
    # --- derived tallies (graph/summary)
    Summary: URIRef
    GroupYearTally: URIRef
    tallyGroup: URIRef
    tallyYear: URIRef
    tallyKilled: URIRef
    tallyEvents: URIRef
    summaryVersion: URIRef
    spanEnd: URIRef
    # --- articles and sentences
    digest: URIRef
    checksum: URIRef
    file: URIRef
    url: URIRef
    outlet: URIRef
    inArticle: URIRef
    text: URIRef
    start: URIRef
    end: URIRef
    index: URIRef


RELATION_PROPERTIES: dict[str, URIRef] = {
    "part_of": KG.partOf,
    "allied_with": KG.alliedWith,
    "fights": KG.fights,
    "backs": KG.backs,
    "splinter_of": KG.splinterOf,
    "merged_into": KG.mergedInto,
    "led_by": KG.ledBy,
    "pledged_allegiance_to": KG.pledgedAllegianceTo,
}
SYMMETRIC_RELATIONS = frozenset({"allied_with", "fights"})

FIGURE_PROPERTIES: dict[str, URIRef] = {
    "killed": KG.killed,
    "wounded": KG.wounded,
    "missing": KG.missing,
    "abducted": KG.abducted,
    "displaced": KG.displaced,
    "perpetrators_killed": KG.perpetratorsKilled,
}

EVENT_TYPES: dict[str, URIRef] = {
    "attack": KG.Attack,
    "ambush": KG.Ambush,
    "bombing": KG.Bombing,
    "suicide_bombing": KG.SuicideBombing,
    "raid": KG.Raid,
    "battle": KG.Battle,
    "clash": KG.Clash,
    "massacre": KG.Massacre,
    "abduction": KG.Abduction,
    "airstrike": KG.Airstrike,
    "operation": KG.Operation,
    "prison_break": KG.PrisonBreak,
    "execution": KG.Execution,
    "other": KG.OtherEvent,
}

ACTOR_KINDS: dict[str, URIRef] = {
    "armed_group": KG.ArmedGroup,
    "state": KG.State,
    "state_force": KG.StateForce,
    "person": KG.Person,
    "organization": KG.Organization,
    "unidentified": KG.UnidentifiedActor,
}

RESPONSIBILITY: dict[str, URIRef] = {
    "claimed": KG.Claimed,
    "attributed": KG.Attributed,
    "suspected": KG.Suspected,
    "denied": KG.Denied,
}

PRECISIONS: dict[str, URIRef] = {"day": KG.Day, "month": KG.Month, "year": KG.Year}

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "id": str(ID),
    "sem": str(SEM),
    "geo": str(GEO),
    "wd": str(WD),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
