"""What every `kiosk …` command shares: one error for a mistake on the command line or in a
file (shown as plain words with an exit code, never a traceback) and the parser that raises
it instead of exiting."""

from __future__ import annotations

import argparse
import sys


class CliError(Exception):
    """A problem to show as one plain message, with the exit code it ends in."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class UsageError(CliError):
    """argparse's own complaint about the words typed; its text names the command."""


def print_config_problems(exc) -> int:
    """A ConfigError as the commands show it: every problem on its own line. Exit code 1."""
    print(f"The configuration has {len(exc.problems)} problem(s):", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's wording, our exit path (code 2, no traceback)
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}", 2)
