"""The command line: `kkrdesk [--db PATH]` opens the window; subcommands script the same services.

Each area registers its own subcommands (cli/core.py, cli/meetings.py, …). User errors print a Danish
message on stderr and exit 1; usage errors exit 2 (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kkrdesk import __version__
from kkrdesk.errors import UserError

EXIT_USER_ERROR = 1


_ARGPARSE_DA = (
    ("the following arguments are required", "disse argumenter mangler"),
    ("unrecognized arguments", "ukendte argumenter"),
    ("invalid choice", "ugyldigt valg"),
    ("choose from", "vælg mellem"),
    ("expected one argument", "skal have en værdi"),
    ("invalid int value", "ikke et heltal"),
    ("argument ", "argumentet "),
)


class DanishParser(argparse.ArgumentParser):
    """argparse with Danish wording where users see it."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="vis denne hjælp og afslut")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "brug:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "brug:", 1)

    def error(self, message: str):  # noqa: D401 - argparse API
        for english, danish in _ARGPARSE_DA:
            message = message.replace(english, danish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl i kommandoen: {message}\n")


def db_parent() -> argparse.ArgumentParser:
    """--db on every subcommand; SUPPRESS keeps a top-level --db from being overwritten by None."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="databasefil (ellers KKRDESK_DB)")
    return parent


def json_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help="udskriv resultatet som JSON")
    return parent


def _top_level(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--version", action="version", version=f"kkrdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", default=None, help="databasefil (ellers KKRDESK_DB)")
    parser.add_argument("--demo", action="store_true", help="åbn demodatabasen (oprettes første gang)")
    parser.add_argument("--selftest", action="store_true", help="åbn vinduet, tjek faner og database, luk")
    parser.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    return parser


def build_parser() -> argparse.ArgumentParser:
    from kkrdesk.cli import budgets, core, meetings, members, tovholdere

    parser = _top_level(DanishParser(prog="kkrdesk", description="KKR Desk – sekretariatets skrivebord."))
    root = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=DanishParser)
    groups = {
        "root": root,
        "import": root.add_parser("import", help="indlæs filer").add_subparsers(
            dest="what", metavar="HVAD", required=True, parser_class=DanishParser
        ),
        "export": root.add_parser("export", help="eksportér PDF, Excel og JSON").add_subparsers(
            dest="what", metavar="HVAD", required=True, parser_class=DanishParser
        ),
        "calc": root.add_parser("calc", help="budgetberegnere").add_subparsers(
            dest="what", metavar="BEREGNER", required=True, parser_class=DanishParser
        ),
    }
    for area in (core, meetings, members, tovholdere, budgets):
        area.register(groups)
    return parser


def open_from_args(args: argparse.Namespace):
    from kkrdesk.store import open_store

    return open_store(getattr(args, "db", None))


def print_json(value) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def main(argv: Sequence[str] | None = None) -> int:
    # Opening the window needs only the top-level options: skip registering every subcommand (and the
    # services they import), which would slow the start of the program.
    args, rest = _top_level(DanishParser(prog="kkrdesk", add_help=False)).parse_known_args(argv)
    if rest:
        args = build_parser().parse_args(argv)
    else:
        args.command = None
    try:
        if args.command is None:
            from kkrdesk.gui.app import run_gui

            return run_gui(db=args.db, demo=args.demo, selftest=args.selftest, screenshot=args.screenshot)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`kkrdesk list … | head`): stop quietly, as other command-line tools do.
        import os

        try:  # keep Python's own flush at exit from failing on the closed pipe too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: one Danish sentence, the traceback goes to the log file
        from kkrdesk import crashlog

        print(f"Fejl: {crashlog.message(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
