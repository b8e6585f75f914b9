"""Pages ``kg serve`` shows beside its SPARQL endpoint: /network, /map, /actor/NAME."""
from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

from kg.store import Store


def page_routes(store: Store) -> dict:
    from kg import exporting

    def render(write) -> tuple[str, bytes]:
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp))
            return "text/html; charset=utf-8", Path(path).read_bytes()

    def network(_rest: str):
        return render(lambda d: exporting.network_file(store, "html", d / "network.html"))

    def map_page(_rest: str):
        return render(lambda d: exporting.map_file(store, "html", d / "map.html"))

    def actor(rest: str):
        name = urllib.parse.unquote(rest.strip("/"))
        if name.endswith(".html") and name.startswith("actor-"):
            name = name[len("actor-"):-len(".html")].replace("-", " ")
        return render(lambda d: exporting.actor_file(store, name, d / "actor.html", network_html_name="/network"))

    return {"/network": network, "/map": map_page, "/actor/": actor}
