"""YAML front matter, read safely: no tags, no aliases (no alias bombs), no repeated keys, every value a string."""
from __future__ import annotations

import yaml

from kg.errors import InputError


class _NoRepeatedKeys:
    def construct_mapping(self, node, deep=False):
        # a key given twice (two `published:` lines) is an error, not "the last one wins"
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key_node.value!r} given twice (first on line {seen[key_node.value] + 2})",
                        key_node.start_mark)
                seen[key_node.value] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_NoRepeatedKeys, yaml.BaseLoader):
    """BaseLoader keeps every scalar a string (``NO`` stays "NO", dates stay text); aliases are refused."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases are not allowed in front matter",
                                              event.start_mark)
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        # scalars carry implicit as a (plain, quoted) pair, collections as one bool
        implicit = getattr(event, "implicit", True)
        if isinstance(implicit, tuple):
            implicit = implicit[0]
        if tag and implicit is not True:
            raise yaml.composer.ComposerError(None, None, f"YAML tags ({tag}) are not allowed in front matter",
                                              event.start_mark)
        return super().compose_node(parent, index)


# The same reading by libyaml (PyYAML's C parser, about ten times faster), for front matter that cannot hold
# an alias, an anchor or a tag (none of "*", "&", "!" in it); anything else, or anything it refuses, is read
# by the loader above, which says what is wrong.
_FastLoader = type("_FastLoader", (_NoRepeatedKeys, yaml.CBaseLoader), {}) if hasattr(yaml, "CBaseLoader") else None


def _load(head: str) -> object:
    if _FastLoader is not None and not any(c in head for c in "*&!"):
        try:
            return yaml.load(head, Loader=_FastLoader)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.load(head, Loader=_StrictLoader)


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    """Split ``---``-delimited YAML front matter from the body; (meta, body). No front matter: ({}, text)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            head = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1:])
            break
    else:
        raise InputError("front matter opened with '---' is never closed", path=where, line=1)
    if len(head) > 64 * 1024:
        raise InputError("front matter too large", path=where, line=1)
    try:
        meta = _load(head) if head.strip() else {}
    except RecursionError:
        raise InputError("malformed front matter: nested too deeply", path=where, line=1) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"malformed front matter: {problem}", path=where, line=line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("front matter must be a mapping of keys to values", path=where, line=2)
    return meta, body.lstrip("\n")
