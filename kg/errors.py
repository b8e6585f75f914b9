"""Errors people can act on.

Every error kg raises for a user's mistake is a :class:`KGError` whose message is one line naming
the file (and line, where there is one) and the problem. The CLI prints it without a traceback and
exits with :attr:`KGError.exit_code`.
"""
from __future__ import annotations


class KGError(Exception):
    """Base class of kg's user-facing errors."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.problem = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(one_line(f"{where}{message}"))


def one_line(text: str) -> str:
    """``text`` safe to print as one terminal line: line breaks become spaces, other control
    characters (escape sequences in a file name, say) are shown as ``\\xNN`` escapes."""
    return "".join(" " if c in _BREAKS else (f"\\x{ord(c):02x}" if _is_control(c) else c) for c in text)


_BREAKS = frozenset("\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _is_control(c: str) -> bool:
    o = ord(c)
    return o < 32 or 0x7F <= o < 0xA0


class InputError(KGError):
    """Bad input: unreadable file, malformed front matter, unknown actor... (exit code 1)."""

    exit_code = 1


class UsageError(KGError):
    """The command was called wrongly: bad option value, missing argument (exit code 2)."""

    exit_code = 2


class StoreError(KGError):
    """The store cannot be opened or written (locked, unreachable server...)."""

    exit_code = 1
