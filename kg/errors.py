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
        super().__init__(f"{where}{message}".replace("\n", " "))


class InputError(KGError):
    """Bad input: unreadable file, malformed front matter, unknown actor... (exit code 1)."""

    exit_code = 1


class UsageError(KGError):
    """The command was called wrongly: bad option value, missing argument (exit code 2)."""

    exit_code = 2


class StoreError(KGError):
    """The store cannot be opened or written (locked, unreachable server...)."""

    exit_code = 1
