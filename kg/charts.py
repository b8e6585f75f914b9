"""``kg actor NAME --plot FILE``: a monthly chart of an actor's events and fatalities (matplotlib)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from kg.errors import UsageError


def monthly_counts(events: list[dict]) -> tuple[list[str], list[int], list[int]]:
    n, k = Counter(), Counter()
    for ev in events:
        if not ev.get("date"):
            continue
        month = ev["date"][:7] if len(ev["date"]) >= 7 else ev["date"] + "-01"
        n[month] += 1
        k[month] += ev.get("killed") or 0
    months = sorted(n)
    return months, [n[m] for m in months], [k[m] for m in months]


def monthly_chart(history: dict, path: Path) -> None:
    if path.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {path}: use a .png or .svg file name")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError("--plot needs matplotlib: pip install 'kg[plot]'") from None
    months, counts, killed = monthly_counts(history["events"])
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.bar(months, counts, color="#4c78a8", label="events")
    ax.set_ylabel("events")
    ax2 = ax.twinx()
    ax2.plot(months, killed, color="#e45756", marker="o", label="killed (coded)")
    ax2.set_ylabel("killed")
    ax.set_title(f"{history['actor'].get('name')}: events and fatalities per month")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
