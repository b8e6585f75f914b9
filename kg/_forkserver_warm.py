"""Imported once by the forkserver that starts kg.parallel's workers: it loads the reference data (actors,
gazetteer, matchers), so that every worker forked from it starts warm instead of loading them again. The objects
loaded are then moved out of the garbage collector's sight (gc.freeze): they live as long as the process, and a
worker's collections need not visit (and so copy) the pages they share with the forkserver."""
try:
    import gc

    from kg.parallel import warm_reference

    warm_reference()
    gc.freeze()
except Exception:  # noqa: BLE001 - each worker warms itself in its initializer anyway
    pass
