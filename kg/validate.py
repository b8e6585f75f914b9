"""Check a graph against kg's SHACL shapes (``ontology/shapes.ttl``).

The shapes describe the layout every kg graph follows (see ``ontology/README.md``). Validation runs
over one merged graph: a :class:`rdflib.Dataset` (reference + article graphs + resolved) is first
flattened into a single graph, because links cross named graphs (a report's ``kg:place`` lives in
graph/reference). The ontology (``ontology/kg.ttl``) is added to that graph so that subclass axioms
apply (``sh:class kg:Actor`` accepts a ``kg:ArmedGroup``) and its event-type concepts are checked
too. The triples are added directly rather than through pyshacl's ``ont_graph`` mixing, whose deep
copy of named individuals is exponential on SKOS schemes. Nothing is fetched over the network:
owl:imports are not followed and the ontology has none.

>>> import rdflib
>>> validate_graph(rdflib.Graph()).conforms
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node

from kg.vocab import PREFIXES

_HERE = Path(__file__).resolve().parent


def ontology_path(name: str) -> Path:
    """Path of a file of the ontology folder (``kg.ttl``, ``shapes.ttl``...).

    Installed from a wheel, the folder is packaged as ``kg/ontology``; in the source tree it is
    ``ontology/`` next to the ``kg`` package.
    """
    for folder in (_HERE / "ontology", _HERE.parent / "ontology"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"ontology file {name!r} not found in kg/ontology or ontology/ (broken installation?)")


@dataclass(frozen=True)
class Violation:
    """One validation result: the node at fault, the property, what is wrong, how serious."""

    focus: str                   # IRI (or blank node id) of the resource at fault
    path: str | None             # the property, as a prefixed name where possible (kg:date)
    message: str                 # plain-English message from the shape
    severity: str                # "Violation" | "Warning" | "Info"
    value: str | None = None     # the offending value, when the result names one

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        what = f" (value {self.value})" if self.value is not None else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{what}"


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_graph`. Warnings do not make ``conforms`` false."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[Violation]:
        """Results of severity Violation only."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def messages(self) -> set[str]:
        return {v.message for v in self.violations}


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("kg.ttl"), format="turtle")


def merged(graph: rdflib.Graph) -> rdflib.Graph:
    """A new plain graph with every triple of ``graph``; a dataset's named graphs are unioned."""
    out = rdflib.Graph()
    if isinstance(graph, rdflib.ConjunctiveGraph):  # rdflib.Dataset is one too
        for s, p, o, _ in graph.quads((None, None, None, None)):
            out.add((s, p, o))
    else:
        for triple in graph:
            out.add(triple)
    return out


def validate_graph(graph: rdflib.Graph) -> ValidationReport:
    """Validate ``graph`` (a Graph or a Dataset) against ``ontology/shapes.ttl``."""
    import pyshacl  # imported here: slow to import and only needed for validation

    data = merged(graph)
    for triple in _ontology():
        data.add(triple)
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=True,  # SHACL-AF: shapes.ttl selects some faulty nodes with SPARQL targets
        do_owl_imports=False,
        inplace=True,  # ``data`` is our own copy
    )
    return ValidationReport(conforms=bool(conforms), violations=_violations(results), text=str(text))


def _violations(results: rdflib.Graph) -> list[Violation]:
    names = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns)
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        severity = results.value(r, SH.resultSeverity)
        out.append(Violation(
            focus=_show(focus, names, results),
            path=_show(path, names, results) if path is not None else None,
            message=_message(r, results),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_show(value, names, results) if value is not None and value != focus else None,
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda v: (order.get(v.severity, 3), v.focus, v.path or "", v.message))
    return out


def _message(result: Node, results: rdflib.Graph) -> str:
    messages = list(results.objects(result, SH.resultMessage))
    english = [m for m in messages if getattr(m, "language", None) in (None, "en")]
    if english or messages:
        return str((english or messages)[0])
    component = results.value(result, SH.sourceConstraintComponent)
    return f"constraint {str(component).rsplit('#', 1)[-1]} not satisfied" if component else "constraint not satisfied"


def _show(node: Node | None, names: rdflib.Graph, results: rdflib.Graph) -> str:
    """A readable form: prefixed names for IRIs, the lexical form for literals, paths spelled out."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        try:
            short = node.n3(names.namespace_manager)
        except Exception:  # an IRI that cannot be abbreviated
            short = ""
        return short if short and not short.startswith("<") else str(node)
    if isinstance(node, rdflib.Literal):
        return str(node)
    if isinstance(node, BNode):
        alternatives = results.value(node, SH.alternativePath)
        if alternatives is not None:
            items = Collection(results, alternatives)
            return "|".join(_show(i, names, results) for i in items)
        inverse = results.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _show(inverse, names, results)
    return str(node)


def validate_store(store) -> ValidationReport:
    """Validate everything a :class:`kg.store.Store` holds (all named graphs together)."""
    import io

    from rdflib import Dataset

    buf = io.BytesIO()
    store.dump(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return validate_graph(ds)
