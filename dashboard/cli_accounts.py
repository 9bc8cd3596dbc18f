"""``ntp-dashboard users ...`` and ``ntp-dashboard wall token ...``: accounts, grants and wall
display keys from the command line (``dashboard.cli`` wires them in).

A generated password or a token is printed once, on stdout (everything else goes to stderr), so
a script can capture it; the audit log names the operating-system user who ran the command.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from dashboard import accounts, passwords, wall_tokens
from dashboard.access import ROLES
from dashboard.config import Settings
from dashboard.wall_config import DEFAULT_PLAYLIST, config_path, load_playlists

Say = Callable[[str], None]


def actor() -> str:
    """Who ran the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def read_password(from_stdin: bool, name: str) -> tuple[str, bool]:
    """(password, generated): one line of stdin, or a new random password for ``name``."""
    if not from_stdin:
        return passwords.generate(name), True
    return sys.stdin.readline().rstrip("\r\n"), False


def add_parsers(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="accounts, roles and province grants")
    sub = users.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="add an account (a password is generated unless given)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--province", action="append", default=[], metavar="CODE",
                     help="province an analyst or officer sees (repeatable)")  # fmt: skip
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sub.add_parser("list", help="accounts with role, grants and state")
    for name, text in (("disable", "disable (ends its sessions)"), ("enable", "enable again")):
        sub.add_parser(name, help=text).add_argument("name")
    setpw = sub.add_parser("set-password", help="a new password (generated unless given)")
    setpw.add_argument("name")
    setpw.add_argument("--password-stdin", action="store_true")
    for name in ("grant", "revoke"):
        cmd = sub.add_parser(name, help=f"{name} post-reform provinces")
        cmd.add_argument("name")
        cmd.add_argument("codes", nargs="+", metavar="CODE")
    wall = commands.add_parser("wall", help="wall displays")
    token = wall.add_subparsers(dest="wall_command", required=True).add_parser(
        "token", help="wall display keys"
    )
    tokens = token.add_subparsers(dest="token_command", required=True)
    create = tokens.add_parser("create", help="a new key; prints the kiosk URL once")
    create.add_argument("--playlist", default=DEFAULT_PLAYLIST)
    create.add_argument("--label", default="")
    tokens.add_parser("list", help="keys with playlist, label and state")
    tokens.add_parser("revoke", help="revoke a key").add_argument("id", type=int)


def users(engine: Engine, args: argparse.Namespace, say: Say) -> int:
    command, who = args.users_command, actor()
    if command == "list":
        for info in accounts.all_accounts(engine):
            scope = ",".join(info.provinces) if info.role in ("analyst", "officer") else "all"
            state = "disabled" if info.disabled else "enabled"
            print(f"{info.name}\t{info.role}\t{scope}\t{state}")
        return 0
    if command in ("add", "set-password"):
        password, generated = read_password(args.password_stdin, args.name)
        if command == "add":
            accounts.add(engine, args.name, args.role, password, args.province, actor=who)
        else:
            accounts.set_password(engine, args.name, password, actor=who)
        if generated:
            print(password)  # once: it is stored only as a hash
        say(f"{command}: {args.name} done" + (" (the password above is shown once)" * generated))
        return 0
    if command in ("disable", "enable"):
        accounts.set_disabled(engine, args.name, command == "disable", actor=who)
    else:
        change = accounts.grant if command == "grant" else accounts.revoke
        now = change(engine, args.name, args.codes, actor=who)
        say(f"{args.name} sees provinces: {', '.join(now) or 'none'}")
    say(f"{command}: {args.name} done")
    return 0


def kiosk_url(settings: Settings, token: str) -> str:
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    return f"{base}/wall?token={token}"


def wall(settings: Settings, engine: Engine, args: argparse.Namespace, say: Say) -> int:
    command = args.token_command
    if command == "create":
        known = load_playlists(config_path(settings.wall_config, Path.cwd()))
        if args.playlist not in known:
            raise accounts.AccountError(
                f"no playlist {args.playlist!r}; known: {', '.join(sorted(known))}"
            )
        token_id, token = wall_tokens.create(engine, args.playlist, args.label, actor=actor())
        print(kiosk_url(settings, token))  # once: only its hash is stored
        say(f"wall key {token_id} for playlist {args.playlist!r}: the URL above is shown once")
    elif command == "list":
        for info in wall_tokens.all_tokens(engine):
            state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
            print(f"{info.id}\t{info.playlist}\t{info.label}\t{info.created_at:%Y-%m-%d}\t{state}")
    elif not wall_tokens.revoke(engine, args.id, actor=actor()):
        raise accounts.AccountError(f"no active wall key {args.id}")
    else:
        say(f"wall key {args.id} revoked")
    return 0
