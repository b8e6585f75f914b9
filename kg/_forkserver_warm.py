"""Imported once by the forkserver that starts kg.parallel's workers: it loads the reference data (actors,
gazetteer, matchers), so that every worker forked from it starts warm instead of loading them again."""
try:
    from kg.parallel import warm_reference

    warm_reference()
except Exception:  # noqa: BLE001 - each worker warms itself in its initializer anyway
    pass
