"""The ontology (ontology/kg.ttl), the shapes (ontology/shapes.ttl) and kg.validate.

- both files parse (with rdflib, and with pyoxigraph, the store's stricter parser);
- the kg: terms the ontology defines are exactly those of kg.vocab.KG;
- the ontology's mappings agree with the code's tables (event types, ACLED names, figures);
- a hand-written graph in the documented layout (tests/data/valid_inates.trig) conforms;
- broken variants of it do not, and the report says why in the shape's words.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from kg import validate as kv
from kg.vocab import ACLED, EVENT_TYPES, FIGURE_PROPERTIES, ID, KG, PRECISIONS, RELATION_PROPERTIES, RESPONSIBILITY

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
README = ROOT / "ontology" / "README.md"
VALID = Path(__file__).parent / "data" / "valid_inates.trig"
KGSH = rdflib.Namespace("https://w3id.org/kg-armed-groups/shapes#")
SCHEME = rdflib.Namespace("https://w3id.org/kg-armed-groups/scheme/")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # plain namespace: rdflib's XSD warns on unknown names

DEFINING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, SKOS.Concept,
                  OWL.SymmetricProperty, OWL.TransitiveProperty, OWL.AnnotationProperty}

# The code's mapping of kg event types to ACLED (event type, sub-event type).
ACLED_MAPPING = {
    "attack": ("Battles", "Armed clash"),
    "ambush": ("Battles", "Armed clash"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide_bombing": ("Explosions/Remote violence", "Suicide bomb"),
    "raid": ("Battles", "Armed clash"),
    "battle": ("Battles", "Armed clash"),
    "clash": ("Battles", "Armed clash"),
    "massacre": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "operation": ("Battles", "Armed clash"),
    "prison_break": ("Strategic developments", "Other"),
    "execution": ("Violence against civilians", "Attack"),
    "other": ("Strategic developments", "Other"),
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def valid_graph() -> rdflib.Graph:
    ds = rdflib.Dataset()
    ds.parse(VALID, format="trig")
    return kv.merged(ds)


def kg_terms(g: rdflib.Graph) -> set[str]:
    ns = str(KG._NS)
    return {str(s)[len(ns):] for t in DEFINING_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(ns)}


def sh_in(shapes: rdflib.Graph, path: URIRef) -> set:
    """The values of the sh:in lists of property shapes on ``path``."""
    out = set()
    for shape in shapes.subjects(SH.path, path):
        for lst in shapes.objects(shape, SH["in"]):
            out |= set(Collection(shapes, lst))
    return out


# ---------------------------------------------------------------------------------------------
# (a) parsing
# ---------------------------------------------------------------------------------------------

def test_files_parse(ontology, shapes):
    assert len(ontology) > 500
    assert len(shapes) > 200
    assert (URIRef("https://w3id.org/kg-armed-groups/ontology"), RDF.type, OWL.Ontology) in ontology


def test_files_parse_with_oxigraph():
    pyoxigraph = pytest.importorskip("pyoxigraph")
    for path, fmt in ((ONTOLOGY, pyoxigraph.RdfFormat.TURTLE), (SHAPES, pyoxigraph.RdfFormat.TURTLE),
                      (VALID, pyoxigraph.RdfFormat.TRIG)):
        quads = list(pyoxigraph.parse(path=str(path), format=fmt))
        assert quads, path


def test_ontology_header(ontology):
    onto = URIRef("https://w3id.org/kg-armed-groups/ontology")
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, rdflib.DCTERMS.title) is not None
    assert ontology.value(onto, rdflib.DCTERMS.description) is not None
    assert ontology.value(onto, rdflib.DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_nothing_to_fetch(ontology, shapes):
    """No owl:imports: loading or validating never goes to the network."""
    assert not list(ontology.objects(None, OWL.imports))
    assert not list(shapes.objects(None, OWL.imports))


# ---------------------------------------------------------------------------------------------
# (b) the ontology and kg.vocab list the same terms
# ---------------------------------------------------------------------------------------------

def test_terms_match_vocab(ontology):
    defined = kg_terms(ontology)
    listed = set(KG.__annotations__)
    assert defined - listed == set(), "defined in kg.ttl but missing from kg/vocab.py"
    assert listed - defined == set(), "listed in kg/vocab.py but not defined in kg.ttl"


def test_no_undeclared_kg_terms(ontology, shapes):
    """Every kg: IRI used anywhere in the two files is a declared term."""
    ns = str(KG._NS)
    declared = kg_terms(ontology)
    for g in (ontology, shapes):
        used = {str(t)[len(ns):] for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
        assert used - declared == set()


def test_every_term_is_documented(ontology):
    for name in KG.__annotations__:
        term = KG[name]
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_alignment_with_standard_vocabularies(ontology):
    sem = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    geo = rdflib.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    sub_class = {(KG.Actor, sem.Actor), (KG.Event, sem.Event), (KG.EventReport, sem.Event), (KG.Place, sem.Place),
                 (KG.Place, geo.SpatialThing), (KG.Article, PROV.Entity), (KG.Claim, PROV.Entity)}
    for s, o in sub_class:
        assert (s, RDFS.subClassOf, o) in ontology
    sub_property = {(KG.perpetrator, sem.hasActor), (KG.target, sem.hasActor), (KG.place, sem.hasPlace),
                    (KG.eventType, sem.eventType), (KG.date, sem.hasTimeStamp),
                    (KG.sentence, PROV.wasDerivedFrom), (KG.claimant, PROV.wasAttributedTo)}
    for s, o in sub_property:
        assert (s, RDFS.subPropertyOf, o) in ontology
    for kind in (KG.ArmedGroup, KG.State, KG.StateForce, KG.Person, KG.Organization, KG.UnidentifiedActor):
        assert (kind, RDFS.subClassOf, KG.Actor) in ontology


def test_relations(ontology):
    for prop in RELATION_PROPERTIES.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
        assert (prop, RDFS.domain, KG.Actor) in ontology and (prop, RDFS.range, KG.Actor) in ontology
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {KG.alliedWith, KG.fights}
    assert (KG.partOf, RDF.type, OWL.TransitiveProperty) not in ontology
    assert "transitive" in str(ontology.value(KG.partOf, RDFS.comment)).lower()


def test_figures_are_punned(ontology):
    for prop in FIGURE_PROPERTIES.values():
        assert (prop, RDF.type, OWL.DatatypeProperty) in ontology
        assert (prop, RDFS.range, XSD.nonNegativeInteger) in ontology
        assert (prop, RDF.type, OWL.NamedIndividual) in ontology
    for prop in (KG.value, KG.low, KG.high):
        assert (prop, RDFS.range, XSD.nonNegativeInteger) in ontology


def test_concept_schemes(ontology):
    for scheme, members, cls in ((SCHEME["event-types"], EVENT_TYPES.values(), KG.EventType),
                                 (SCHEME["responsibility-statuses"], RESPONSIBILITY.values(), KG.ResponsibilityStatus),
                                 (SCHEME["date-precisions"], PRECISIONS.values(), KG.DatePrecision)):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
        assert set(ontology.subjects(SKOS.inScheme, scheme)) == set(members)
        assert set(ontology.subjects(RDF.type, cls)) == set(members)
        for concept in members:
            assert (concept, RDF.type, SKOS.Concept) in ontology
            assert ontology.value(concept, SKOS.prefLabel) is not None
            assert ontology.value(concept, SKOS.definition) is not None


def test_event_types_map_to_acled(ontology):
    acled_scheme = ACLED.EventTypes
    assert (acled_scheme, RDF.type, SKOS.ConceptScheme) in ontology
    for key, concept in EVENT_TYPES.items():
        event_type, sub_event_type = ACLED_MAPPING[key]
        assert str(ontology.value(concept, KG.acledEventType)) == event_type, key
        assert str(ontology.value(concept, KG.acledSubEventType)) == sub_event_type, key
        match = ontology.value(concept, SKOS.closeMatch)
        assert match is not None and str(match).startswith(str(ACLED)), key
        assert str(ontology.value(match, SKOS.prefLabel)) == sub_event_type, key
        assert str(ontology.value(ontology.value(match, SKOS.broader), SKOS.prefLabel)) == event_type, key
        assert (match, SKOS.inScheme, acled_scheme) in ontology
    comment = str(ontology.value(KG.Attack, RDFS.comment))
    assert "Violence against civilians" in comment and "default" in comment


def test_acled_names(ontology):
    expected = {
        "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
        "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                       "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
        "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
        "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                                   "Headquarters or base established", "Looting/property destruction",
                                   "Non-violent transfer of territory", "Other"},
    }
    tops = {str(ontology.value(t, SKOS.prefLabel)): t for t in ontology.objects(ACLED.EventTypes, SKOS.hasTopConcept)}
    assert set(expected) | {"Protests", "Riots"} == set(tops)
    for name, subs in expected.items():
        assert {str(ontology.value(s, SKOS.prefLabel)) for s in ontology.subjects(SKOS.broader, tops[name])} == subs


def test_shapes_lists_agree_with_code(shapes, ontology):
    assert sh_in(shapes, KG.eventType) == set(ontology.subjects(SKOS.inScheme, SCHEME["event-types"]))
    assert sh_in(shapes, KG.eventType) == set(EVENT_TYPES.values())
    assert sh_in(shapes, KG.figure) == set(FIGURE_PROPERTIES.values())
    assert sh_in(shapes, KG.relPredicate) == set(RELATION_PROPERTIES.values())
    assert sh_in(shapes, KG.responsibility) == set(RESPONSIBILITY.values())
    assert sh_in(shapes, KG.datePrecision) == set(PRECISIONS.values())


def test_every_shape_has_a_message(shapes):
    """Node shapes and their property shapes (not the operands inside sh:or / sh:not) carry a message."""
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    for ns in node_shapes:
        property_shapes |= set(shapes.objects(ns, SH.property))
    assert len(node_shapes) >= 10 and len(property_shapes) >= 80
    for shape in node_shapes | property_shapes:
        messages = list(shapes.objects(shape, SH.message))
        assert messages, f"shape without sh:message: {shape}"
        assert all(m.language == "en" for m in messages)


def test_no_per_node_sparql_constraints(shapes):
    """pyshacl parses an sh:sparql constraint's query once per focus node: far too slow on a real store.
    Checks core SHACL cannot express use one SPARQL target query over the whole graph instead."""
    assert not list(shapes.objects(None, SH.sparql))
    assert len(list(shapes.subjects(RDF.type, SH.SPARQLTarget))) == 2


# ---------------------------------------------------------------------------------------------
# (c) a valid graph conforms
# ---------------------------------------------------------------------------------------------

def test_valid_graph_conforms_with_pyshacl(valid_graph, shapes, ontology):
    conforms, _, text = pyshacl.validate(valid_graph, shacl_graph=shapes, ont_graph=ontology,
                                         inference="none", allow_warnings=True, do_owl_imports=False)
    assert conforms, text


def test_valid_graph_conforms(valid_graph):
    report = kv.validate_graph(valid_graph)
    assert report.conforms, report.text
    assert report.violations == []


def test_validate_accepts_a_dataset():
    ds = rdflib.Dataset()
    ds.parse(VALID, format="trig")
    assert len(list(ds.graphs())) >= 3
    report = kv.validate_graph(ds)
    assert report.conforms, report.text


def test_layout_named_graphs():
    ds = rdflib.Dataset()
    ds.parse(VALID, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    base = "https://w3id.org/kg-armed-groups/graph/"
    assert {base + "reference", base + "resolved", base + "article/0123abcd4567ef89"} <= names


def test_readme_example_conforms():
    """The worked example of ontology/README.md is valid TriG in the layout."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```trig\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no ```trig block"
    ds = rdflib.Dataset()
    ds.parse(data=blocks[0], format="trig")
    report = kv.validate_graph(ds)
    assert report.conforms, report.text
    assert not report.violations, [str(v) for v in report.violations]


def test_readme_query_runs():
    text = README.read_text(encoding="utf-8")
    trig = re.findall(r"```trig\n(.*?)```", text, flags=re.S)[0]
    query = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)[0]
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=trig, format="trig")
    rows = list(ds.query(query))
    assert rows


def test_ontology_path():
    assert kv.ontology_path("kg.ttl") == ONTOLOGY
    assert kv.ontology_path("shapes.ttl") == SHAPES
    with pytest.raises(FileNotFoundError):
        kv.ontology_path("no-such-file.ttl")


def test_empty_graph_conforms():
    assert kv.validate_graph(rdflib.Graph()).conforms


# ---------------------------------------------------------------------------------------------
# (d) broken variants
# ---------------------------------------------------------------------------------------------

ARTICLE = URIRef(ID + "article/0123abcd4567ef89")
REPORT = URIRef(ID + "report/0123abcd4567ef89-0")
EVENT = URIRef(ID + "event/2019-12-11-inates-attack-c4aa241b")
S1 = URIRef(ID + "article/0123abcd4567ef89/s1")
CLAIM_71 = URIRef(ID + "claim/0123abcd4567ef89-0-0")
CLAIM_R = URIRef(ID + "claim/0123abcd4567ef89-0-r0")
STATEMENT = URIRef(ID + "statement/0123abcd4567ef89-0")
ISWAP = URIRef(ID + "actor/iswap")
ISGS = URIRef(ID + "actor/isgs")
INATES = URIRef(ID + "place/inates")
NOT_A_TYPE = URIRef(str(KG._NS) + "Skirmish")  # not in the scheme (and not in the closed KG namespace)


def _remove(*pattern):
    return lambda g: g.remove(pattern)


def _set(s, p, o):
    return lambda g: g.set((s, p, o))


def _add(s, p, o):
    return lambda g: g.add((s, p, o))


def _both(*fs):
    def apply(g):
        for f in fs:
            f(g)
    return apply


BROKEN: list[tuple[str, Callable[[rdflib.Graph], None], str]] = [
    ("missing sentence", _remove(REPORT, KG.sentence, None),
     "An event report must cite at least one kg:sentence it was read from."),
    ("month typed as xsd:date", _set(REPORT, KG.date, Literal("2019-12", datatype=XSD.date)),
     "kg:date, when present, is a single valid value typed xsd:date"),
    ("month with day precision", _set(REPORT, KG.date, Literal("2019-12", datatype=XSD.gYearMonth)),
     "kg:date and kg:datePrecision must go together and agree"),
    ("date without precision", _remove(REPORT, KG.datePrecision, None),
     "kg:date and kg:datePrecision must go together and agree"),
    ("precision without date", _remove(REPORT, KG.date, None),
     "kg:date and kg:datePrecision must go together and agree"),
    ("two dates", _add(REPORT, KG.date, Literal("2019-12-10", datatype=XSD.date)),
     "kg:date, when present, is a single valid value"),
    ("unresolved date with a date", _add(REPORT, KG.dateResolved, Literal(False)),
     "kg:dateResolved is false but a kg:date is given"),
    ("date string", _set(REPORT, KG.date, Literal("2019-12-11")),
     "kg:date, when present, is a single valid value"),
    ("negative killed", _set(REPORT, KG.killed, Literal(-3)),
     "kg:killed is a single non-negative integer."),
    ("negative killed typed nonNegativeInteger", _set(EVENT, KG.killed, Literal("-3", datatype=XSD.nonNegativeInteger)),
     "kg:killed is a single non-negative integer."),
    ("killed as text", _set(REPORT, KG.killed, Literal("seventy-one")),
     "kg:killed is a single non-negative integer."),
    ("two killed figures", _add(REPORT, KG.killed, Literal(100)),
     "kg:killed is a single non-negative integer."),
    ("sentence start after end", _set(S1, KG.start, Literal(300)),
     "A sentence's kg:start must be less than its kg:end."),
    ("sentence without text", _remove(S1, KG.text, None),
     "A sentence needs exactly one non-empty kg:text (a plain string)."),
    ("sentence without article", _remove(S1, KG.inArticle, None),
     "A sentence needs exactly one kg:inArticle pointing to its kg:Article."),
    ("event type not in scheme", _set(REPORT, KG.eventType, NOT_A_TYPE),
     "kg:eventType must be a concept of the kg event-type scheme"),
    ("two event types", _add(REPORT, KG.eventType, KG.Raid),
     "An event report or event needs exactly one kg:eventType."),
    ("no event type", _remove(EVENT, KG.eventType, None),
     "An event report or event needs exactly one kg:eventType."),
    ("claim without value or low", _remove(CLAIM_71, KG.value, None),
     "A figure claim needs a number: kg:value, or kg:low"),
    ("claim without figure", _remove(CLAIM_71, KG.figure, None),
     "A figure claim needs exactly one kg:figure"),
    ("claim figure is not a figure", _set(CLAIM_71, KG.figure, KG.tactic),
     "A figure claim needs exactly one kg:figure"),
    ("claim low above high", _both(_add(CLAIM_71, KG.low, Literal(80)), _add(CLAIM_71, KG.high, Literal(75))),
     "kg:low must not be greater than kg:high."),
    ("claim not typed kg:Claim", _remove(CLAIM_71, RDF.type, KG.Claim),
     "Figure and responsibility claims must also be typed kg:Claim."),
    ("responsibility claim without status", _remove(CLAIM_R, KG.status, None),
     "A responsibility claim needs exactly one kg:status"),
    ("report without article", _remove(REPORT, PROV.wasDerivedFrom, None),
     "An event report must be derived from exactly one kg:Article"),
    ("report from two articles", _both(
        _add(URIRef(ID + "article/ffff"), RDF.type, KG.Article),
        _add(URIRef(ID + "article/ffff"), RDF.type, PROV.Entity),
        _add(URIRef(ID + "article/ffff"), KG.checksum, Literal("f" * 64)),
        _add(URIRef(ID + "article/ffff"), KG.file, Literal("other.md")),
        _add(REPORT, PROV.wasDerivedFrom, URIRef(ID + "article/ffff"))),
     "An event report must be derived from exactly one kg:Article"),
    ("report not typed sem:Event", _remove(REPORT, RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")),
     "Event reports and canonical events must also be typed sem:Event."),
    ("place is an actor", _set(REPORT, KG.place, ISWAP),
     "it must be a kg:Place described in the graph"),
    ("perpetrator is a place", _set(REPORT, KG.perpetrator, INATES),
     "kg:perpetrator, kg:target and kg:claimedBy must point to actors"),
    ("bad geo precision", _set(REPORT, KG.geoPrecision, Literal(4)),
     "kg:geoPrecision is a single xsd:integer, 1, 2 or 3"),
    ("bad role", _set(REPORT, KG.role, Literal("primary")),
     "kg:role is a single string, \"main\" or \"background\"."),
    ("bad responsibility", _set(REPORT, KG.responsibility, KG.Day),
     "kg:responsibility must be one of kg:Claimed"),
    ("event without report", _remove(EVENT, KG.report, None),
     "A canonical event must list at least one kg:report it was fused from."),
    ("event without source", _remove(EVENT, PROV.wasDerivedFrom, None),
     "A canonical event must name at least one source kg:Article"),
    ("article without checksum", _remove(ARTICLE, KG.checksum, None),
     "An article needs exactly one kg:checksum"),
    ("article with a short checksum", _set(ARTICLE, KG.checksum, Literal("0123abcd4567ef89")),
     "An article needs exactly one kg:checksum"),
    ("article without file", _remove(ARTICLE, KG.file, None),
     "An article needs exactly one kg:file"),
    ("article issued as a string", _set(ARTICLE, rdflib.DCTERMS.issued, Literal("13 December 2019")),
     "An article's dcterms:issued is a single xsd:date"),
    ("actor with two preferred labels", _add(ISWAP, SKOS.prefLabel, Literal("ISWAP", lang="en")),
     "An actor needs exactly one skos:prefLabel."),
    ("actor without a label", _remove(ISWAP, SKOS.prefLabel, None),
     "An actor needs exactly one skos:prefLabel."),
    ("actor with two kinds", _add(ISWAP, RDF.type, KG.State),
     "An actor must be typed with exactly one actor kind"),
    ("actor without a kind", _both(_remove(ISWAP, RDF.type, None), _add(ISWAP, RDF.type, KG.Actor)),
     "An actor must be typed with exactly one actor kind"),
    ("bad wikidata id", _set(URIRef(ID + "actor/islamic-state"), KG.wikidata, Literal("2429253")),
     "kg:wikidata is a single Wikidata item id"),
    ("relation to a place", _add(ISWAP, KG.alliedWith, INATES),
     "Group relations (kg:partOf"),
    ("latitude out of range", _set(INATES, rdflib.URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"),
                                   Literal("95.0", datatype=XSD.decimal)),
     "geo:lat is a single xsd:decimal latitude between -90 and 90."),
    ("longitude out of range", _set(INATES, rdflib.URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#long"),
                                    Literal("-181", datatype=XSD.decimal)),
     "geo:long is a single xsd:decimal longitude between -180 and 180."),
    ("latitude as a float", _set(INATES, rdflib.URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"), Literal(15.05)),
     "geo:lat is a single xsd:decimal"),
    ("locality not typed kg:Place", _remove(INATES, RDF.type, KG.Place),
     "A country, admin region or locality must also be typed kg:Place."),
    ("place of two kinds", _add(INATES, RDF.type, KG.AdminRegion),
     "A place must be exactly one of kg:Country, kg:AdminRegion, kg:Locality."),
    ("country inside a country", _add(URIRef(ID + "place/country-ne"), KG.country, URIRef(ID + "place/country-ne")),
     "A country has no kg:country of its own."),
    ("statement without plain triple", _remove(ISGS, KG.partOf, ISWAP),
     "The plain triple subject-predicate-object of a relation statement is missing"),
    ("statement without sentence", _remove(STATEMENT, KG.sentence, None),
     "A relation statement must cite at least one kg:sentence"),
    ("statement without object", _remove(STATEMENT, KG.relObject, None),
     "A relation statement needs exactly one kg:relObject"),
    ("statement with a non-relation predicate", _set(STATEMENT, KG.relPredicate, KG.mentions),
     "A relation statement needs exactly one kg:relPredicate"),
    ("statement since as text", _set(STATEMENT, KG.since, Literal("since 2019")),
     "kg:since is a single value typed xsd:date"),
    ("event type concept without ACLED type", _both(
        _add(NOT_A_TYPE, RDF.type, KG.EventType),
        _add(NOT_A_TYPE, SKOS.prefLabel, Literal("skirmish", lang="en")),
        _add(NOT_A_TYPE, SKOS.definition, Literal("a small clash", lang="en")),
        _add(NOT_A_TYPE, SKOS.inScheme, SCHEME["event-types"]),
        _add(NOT_A_TYPE, SKOS.closeMatch, ACLED.ArmedClash),
        _add(NOT_A_TYPE, KG.acledSubEventType, Literal("Armed clash"))),
     "An event type needs exactly one kg:acledEventType"),
]


@pytest.mark.parametrize("name,breakage,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_variant_does_not_conform(valid_graph, name, breakage, message):
    g = kv.merged(valid_graph)
    breakage(g)
    report = kv.validate_graph(g)
    assert not report.conforms, name
    found = [v.message for v in report.errors]
    assert any(message in m for m in found), f"{name}: expected {message!r} among {found}"


def test_violation_fields(valid_graph):
    g = kv.merged(valid_graph)
    g.remove((REPORT, KG.sentence, None))
    report = kv.validate_graph(g)
    (v,) = [v for v in report.errors if "kg:sentence it was read from" in v.message]
    assert v.focus == str(REPORT)
    assert v.path == "kg:sentence"
    assert v.severity == "Violation"
    assert "kg:sentence" in str(v)
    assert "Conforms: False" in report.text


def test_warnings_do_not_break_conformance(valid_graph):
    g = kv.merged(valid_graph)
    g.remove((REPORT, RDFS.label, None))
    g.set((S1, KG.end, Literal(250)))  # text no longer the span's length
    report = kv.validate_graph(g)
    assert report.conforms, report.text
    assert {v.severity for v in report.violations} == {"Warning"}
    assert any("rdfs:label" in v.message for v in report.violations)
    assert any("kg:end minus kg:start" in v.message for v in report.violations)


def test_validate_does_not_modify_its_input(valid_graph):
    before = len(valid_graph)
    kv.validate_graph(valid_graph)
    assert len(valid_graph) == before


def test_blank_focus_is_reported():
    g = rdflib.Graph()
    b = BNode()
    g.add((b, RDF.type, KG.Sentence))
    report = kv.validate_graph(g)
    assert not report.conforms
    assert all(v.focus for v in report.violations)
