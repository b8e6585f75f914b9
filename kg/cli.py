"""The ``kg`` command: a thin shell over the library (arguments in, tables or JSON out).

Heavy modules are imported inside the commands, so ``kg --help`` stays fast.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from kg.errors import KGError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="kg: a knowledge graph of armed groups and conflict events, built from reporting.")
export_app = typer.Typer(no_args_is_help=True, help="Write the graph in standard formats.")
network_app = typer.Typer(no_args_is_help=True, help="Network analysis of the actor graph (networkx).")
app.add_typer(export_app, name="export")
app.add_typer(network_app, name="network")

_state: dict = {}


@app.callback()
def _main(store: Optional[str] = typer.Option(None, "--store", envvar="KG_STORE",
                                              help="Store: a folder (embedded, default exports/store), 'memory', or a SPARQL query endpoint URL."),
          update_url: Optional[str] = typer.Option(None, "--update-url", help="SPARQL update endpoint when it cannot be derived from --store.")):
    _state["store"] = store
    _state["update_url"] = update_url


def _open(read_only: bool = False):
    from kg.store import open_store
    return open_store(_state.get("store"), update_url=_state.get("update_url"), read_only=read_only)


def _err(msg: str) -> None:
    typer.echo(f"kg: {msg}", err=True)


def _date_opt(value: Optional[str], name: str):
    if value is None:
        return None
    from kg.extract.dates import parse_iso_like
    d = parse_iso_like(value)
    if d is None or d.start is None:
        raise UsageError(f"{name}: cannot read the date {value!r} (use YYYY-MM-DD)")
    return d


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write_out(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        _err(f"wrote {out}")


# -- ingest ------------------------------------------------------------------------------------------

@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders, or '-' for stdin."),
           format: str = typer.Option("auto", "--format", help="auto|md|txt|html|jsonl"),
           published: Optional[str] = typer.Option(None, "--published", help="Publication date for texts without one."),
           source: Optional[str] = typer.Option(None, "--source", help="Outlet name for texts without one."),
           jobs: int = typer.Option(1, "--jobs", min=1, help="Parallel extraction processes.")):
    """Ingest articles (Markdown with front matter, text, HTML, JSON Lines) into the store."""
    from kg.pipeline import ingest as run
    pub = _date_opt(published, "--published")
    with _open() as store:
        if jobs > 1:
            from kg.parallel import ingest_parallel
            result = ingest_parallel(store, paths, jobs=jobs, format=format, published=pub.start if pub else None,
                                     source=source)
        else:
            result = _progress(lambda cb: run(store, paths, format=format, published=pub.start if pub else None,
                                              source=source, on_article=cb))
    for e in result.errors:
        _err(str(e))
    _err(f"{len(result.added)} added, {len(result.replaced)} replaced, {len(result.unchanged)} unchanged, "
         f"{len(result.errors)} failed")
    raise typer.Exit(0 if result.ok else 1)


def _progress(work):
    from rich.progress import Progress, SpinnerColumn, TextColumn
    if not sys.stderr.isatty():
        return work(None)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as bar:
        task = bar.add_task("ingesting", total=None)
        return work(lambda name, status: bar.update(task, description=f"{status}: {name}"))


@app.command()
def extract(paths: list[str] = typer.Argument(..., help="Files, folders, or '-' for stdin."),
            out: Path = typer.Option(..., "--out", help="Folder of shards: one N-Quads file per article."),
            format: str = typer.Option("auto", "--format", help="auto|md|txt|html|jsonl"),
            published: Optional[str] = typer.Option(None, "--published", help="Publication date for texts without one."),
            source: Optional[str] = typer.Option(None, "--source", help="Outlet name for texts without one."),
            jobs: int = typer.Option(1, "--jobs", min=1, help="Parallel extraction processes."),
            overwrite: bool = typer.Option(False, "--overwrite", help="Rewrite shards that already exist.")):
    """Extract articles into N-Quads shards (OUT/{article-id}.nq, OUT/_reference.nq), without a store."""
    from kg.shards import extract_shards
    pub = _date_opt(published, "--published")
    result = extract_shards(paths, out, jobs=jobs, format=format, published=pub.start if pub else None,
                            source=source, overwrite=overwrite)
    for e in result.errors:
        _err(e)
    _err(f"{len(result.written)} written, {len(result.existing)} already there, "
         f"{len(result.superseded)} superseded, {len(result.errors)} failed; shards in {out}")
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def load(shards: Path = typer.Argument(..., help="A folder written by `kg extract`.")):
    """Bulk-load shards into the store, then re-resolve the canonical events they touch."""
    from kg.shards import load_shards
    with _open() as store:
        result = load_shards(store, shards)
    for w in result.warnings:
        _err(w)
    _err(f"{result.articles} articles from {result.shards} shards ({result.new} new, {len(result.replaced)} "
         f"older versions replaced); {result.quads_after - result.quads_before} quads added; "
         f"{result.events} events at {result.places} places re-resolved "
         f"(load {result.seconds_load:.1f} s, resolve {result.seconds_resolve:.1f} s)")


@app.command()
def remove(targets: list[str] = typer.Argument(..., help="Files that were ingested, or article ids.")):
    """Remove exactly an article's facts and re-resolve the events it touched."""
    from kg.pipeline import remove_articles
    with _open() as store:
        removed, missing = remove_articles(store, targets)
    for m in missing:
        _err(f"{m}: no such article in the store")
    _err(f"{len(removed)} removed")
    raise typer.Exit(1 if missing else 0)


@app.command()
def build(seeds: Path = typer.Argument(Path("seeds"), help="Folder of seed articles."),
          out: Path = typer.Option(Path("exports"), "--out", help="Where the store and the exports go.")):
    """Ingest the seed articles, then write every export and an index.html into OUT."""
    from kg.build import build as run
    if not seeds.exists():
        raise UsageError(f"{seeds}: no such folder")
    store_location = _state.get("store") or str(out / "store")
    from kg.store import open_store
    with open_store(store_location, update_url=_state.get("update_url")) as store:
        result, written = run(store, seeds, out)
    for e in result.errors:
        _err(str(e))
    for path in written:
        typer.echo(str(path))
    _err(f"{len(result.added) + len(result.replaced) + len(result.unchanged)} articles in the store; "
         f"{len(written)} files written under {out}")
    raise typer.Exit(0 if result.ok else 1)


# -- read ----------------------------------------------------------------------------------------------

@app.command()
def actor(name: str = typer.Argument(..., help="Any name or alias: ISWA, ISWAP, 'Islamic State West Africa'."),
          as_json: bool = typer.Option(False, "--json", help="Print JSON."),
          since: Optional[str] = typer.Option(None, "--since"), until: Optional[str] = typer.Option(None, "--until"),
          no_subgroups: bool = typer.Option(False, "--no-subgroups", help="Leave out events of sub-groups."),
          plot: Optional[Path] = typer.Option(None, "--plot", help="Write a monthly chart (PNG or SVG)."),
          limit: int = typer.Option(1000, "--limit", help="Show the latest N events (0: all of them).")):
    """A group's dated, sourced timeline of events, figures and relations."""
    from kg.views import actor_history
    _date_opt(since, "--since"), _date_opt(until, "--until")
    if limit < 0:
        raise UsageError("--limit: give a number of events (0 for all)")
    counted: dict = {}
    with _open(read_only=True) as store:
        history = actor_history(store, name, since=since, until=until, subgroups=not no_subgroups,
                                latest=limit or None, counted=counted)
    if counted.get("events", 0) > len(history["events"]):
        _err(f"showing the latest {len(history['events'])} of {counted['events']:,} events (--limit 0 for all)")
    if plot is not None:
        from kg.charts import monthly_chart
        monthly_chart(history, plot)
        _err(f"wrote {plot}")
    if as_json:
        _print_json(history)
    else:
        from kg.tables import print_actor
        print_actor(history)


@app.command()
def events(actor: Optional[str] = typer.Option(None, "--actor"), country: Optional[str] = typer.Option(None, "--country"),
           place: Optional[str] = typer.Option(None, "--place"), type: Optional[str] = typer.Option(None, "--type"),
           since: Optional[str] = typer.Option(None, "--since"), until: Optional[str] = typer.Option(None, "--until"),
           disputed: bool = typer.Option(False, "--disputed", help="Only events whose sources disagree."),
           explain: Optional[str] = typer.Option(None, "--explain", help="Show which reports an event fuses and why."),
           format: str = typer.Option("table", "--format", help="table|json|csv")):
    """Canonical events, filtered."""
    from kg import views
    if format not in ("table", "json", "csv"):
        raise UsageError(f"--format: unknown format {format!r} (table, json or csv)")
    _date_opt(since, "--since"), _date_opt(until, "--until")
    with _open(read_only=True) as store:
        actor_iri = views.find_actor(store, actor) if actor else None
        evs = views.events(store, actor=actor_iri, country=country, place=place, type=type, since=since,
                           until=until, disputed=disputed)
        if explain:
            from kg.tables import print_explain
            match = [e for e in evs if e["id"] == explain or e["id"].endswith("/" + explain)]
            if not match:
                raise KGError(f"no event {explain!r}")
            print_explain(match[0])
            return
    if format == "json":
        _print_json(evs)
    elif format == "csv":
        from kg.tables import events_csv_text
        sys.stdout.write(events_csv_text(evs))
    else:
        from kg.tables import print_events
        print_events(evs)


@app.command()
def sparql(query: Optional[str] = typer.Argument(None, help="A SPARQL query, a .rq file, or a library query name."),
           param: list[str] = typer.Option([], "--param", help="k=v, bound as a value (never pasted into the query)."),
           list_: bool = typer.Option(False, "--list", help="List the library queries."),
           format: str = typer.Option("table", "--format", help="table|json|csv|tsv|xml|turtle|ntriples")):
    """Run SPARQL 1.1 (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store."""
    from kg.sparql_cli import run_sparql
    run_sparql(_open, query, param, list_, format)


@app.command()
def stats():
    """Counts of articles, reports, events, actors, relations and quads."""
    from kg.tables import print_stats
    from kg.stats import stats as compute
    with _open(read_only=True) as store:
        print_stats(compute(store))


@app.command()
def validate():
    """Check the store against ontology/shapes.ttl (SHACL); exit 1 on violations."""
    from kg.validate import validate_store
    with _open(read_only=True) as store:
        report = validate_store(store)
    typer.echo(report.text)
    raise typer.Exit(0 if report.conforms else 1)


@app.command(name="eval")
def eval_(gold_dir: Path = typer.Argument(..., help="Folder of NAME.md + NAME.gold.json pairs."),
          as_json: bool = typer.Option(False, "--json"),
          quiet: bool = typer.Option(False, "--quiet", help="Only the tables, not every miss.")):
    """Precision / recall / F1 of extraction against annotated articles."""
    from kg.evaluation import run_eval
    if not gold_dir.is_dir():
        raise UsageError(f"{gold_dir}: no such folder")
    corpus, text = run_eval(gold_dir, verbose=not quiet)
    if as_json:
        from kg.evaluate import to_json
        _print_json(to_json(corpus))
    else:
        typer.echo(text)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(7878, "--port")):
    """Read-only SPARQL 1.1 endpoint at /sparql, a query page at /, and the pages."""
    from kg.server import serve as run
    from kg.pages import page_routes
    store = _open(read_only=True)
    _err(f"serving http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C to stop")
    run(store, host=host, port=port, pages=page_routes(store))


@app.command()
def path(a: str = typer.Argument(..., help="An actor: any name or alias."),
         b: str = typer.Argument(..., help="Another actor."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """The shortest chain of relations and events linking two actors, with sources."""
    from kg.analysis import shortest_path
    with _open(read_only=True) as store:
        hops = shortest_path(store, a, b)
    if as_json:
        _print_json(hops)
    else:
        from kg.tables import print_path
        print_path(hops)


@network_app.command("stats")
def network_stats(as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                  top: int = typer.Option(10, "--top", min=1, help="How many actors per ranking.")):
    """Centralities, communities and the most active perpetrators of the actor network."""
    from kg.analysis import network_stats as compute
    with _open(read_only=True) as store:
        result = compute(store, top=top)
    if as_json:
        _print_json(result)
    else:
        from kg.tables import print_network_stats
        print_network_stats(result)


# -- exports -------------------------------------------------------------------------------------------

@export_app.command("events")
def export_events(format: str = typer.Option("json", "--format", help="json|csv|acled"),
                  out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """Canonical events as JSON, CSV or ACLED-style CSV."""
    from kg import exporting
    with _open(read_only=True) as store:
        _write_out(exporting.events_text(store, format), out)


@export_app.command("actors")
def export_actors(format: str = typer.Option("json", "--format", help="json|csv"),
                  out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """Actors with aliases, kind, parents and event counts."""
    from kg import exporting
    with _open(read_only=True) as store:
        _write_out(exporting.actors_text(store, format), out)


@export_app.command("relations")
def export_relations(format: str = typer.Option("json", "--format", help="json|csv"),
                     out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """Relations stated in articles, with sources."""
    from kg import exporting
    with _open(read_only=True) as store:
        _write_out(exporting.relations_text(store, format), out)


@export_app.command("rdf")
def export_rdf(format: str = typer.Option("turtle", "--format", help="turtle|trig|nquads|jsonld"),
               out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """The whole graph in an RDF format."""
    from kg import exporting
    with _open(read_only=True) as store:
        data = exporting.rdf_bytes(store, format)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        _err(f"wrote {out}")


@export_app.command("network")
def export_network(format: str = typer.Option("html", "--format", help="html|graphml|gexf"),
                   actor: Optional[str] = typer.Option(None, "--actor"), depth: int = typer.Option(2, "--depth"),
                   events_: bool = typer.Option(False, "--events", help="Include events as nodes."),
                   out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """The actor network: an offline interactive page, GraphML or GEXF."""
    from kg import exporting
    with _open(read_only=True) as store:
        path = exporting.network_file(store, format, out, actor=actor, depth=depth, include_events=events_)
    _err(f"wrote {path}")


@export_app.command("map")
def export_map(format: str = typer.Option("geojson", "--format", help="geojson|html"),
               out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """Events on a map: GeoJSON or an offline HTML map."""
    from kg import exporting
    with _open(read_only=True) as store:
        path = exporting.map_file(store, format, out)
    _err(f"wrote {path}")


@export_app.command("actor")
def export_actor(name: str = typer.Argument(...), format: str = typer.Option("html", "--format", help="html"),
                 out: Optional[Path] = typer.Option(None, "-o", "--out")):
    """One offline page for a group: timeline chart, ego network, map and sourced event table."""
    from kg import exporting
    with _open(read_only=True) as store:
        path = exporting.actor_file(store, name, out)
    _err(f"wrote {path}")


def main() -> None:
    """Entry point: run the app, turning kg's errors into one line and an exit code."""
    # typer >= 0.20 vendors click as ``typer._click`` (there may be no ``click`` package at all), and
    # with standalone_mode=False a ``raise typer.Exit(code)`` inside a command is *returned* as the
    # code rather than raised: both are handled here so that `kg ingest` with failures exits 1.
    try:
        rv = app(standalone_mode=False)
    except KGError as e:
        _err(str(e))
        sys.exit(e.exit_code)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        _err("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as e:  # click usage errors carry their own exit code
        show = getattr(e, "show", None)
        code = getattr(e, "exit_code", None)
        if _is_click_error(e) and callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        raise
    sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)


def _is_click_error(e: BaseException) -> bool:
    """A usage error from (vendored or standalone) click."""
    from typer.exceptions import TyperException
    if isinstance(e, TyperException):
        return True
    try:
        import click
    except ImportError:
        return False
    return isinstance(e, click.exceptions.ClickException)
