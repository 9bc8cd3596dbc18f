"""Secrets made on the first run, each written once into ``VAR_DIR`` with mode 0600:

- ``secret-key``: the key that signs session cookies, shared by every worker (unless
  ``SECRET_KEY`` is set); never printed or logged.
- ``initial-admin-password``: the password of the ``admin`` account created when there is no
  account at all; printed once on the console too.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from dashboard import accounts, passwords
from dashboard.access import ADMIN

SECRET_KEY_FILE = "secret-key"
ADMIN_PASSWORD_FILE = "initial-admin-password"
ADMIN_NAME = "admin"


def write_private(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` readable by its owner only, unless ``path`` exists (then False).
    The file appears whole or not at all: written under a temporary name, then linked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.link(temporary, path)  # fails if another process made it first
        return True
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)


def secret_key(configured: str, var_dir: Path) -> str:
    """``configured`` when set, else the key in ``var_dir/secret-key`` (made on first use)."""
    if configured:
        return configured
    path = var_dir / SECRET_KEY_FILE
    write_private(path, secrets.token_hex(32))
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise PermissionError(f"{path} holds no usable key: remove it to make a new one")
    return key


def ensure_initial_admin(
    engine: Engine, var_dir: Path, report: Callable[[str], None]
) -> str | None:
    """On a database without accounts, create ``admin`` with a random password, write it to
    ``var_dir/initial-admin-password`` and report it; returns it (None when accounts exist)."""
    if accounts.count(engine):
        return None
    password = passwords.generate(ADMIN_NAME)
    accounts.add(engine, ADMIN_NAME, ADMIN, password, actor="first-run")
    path = var_dir / ADMIN_PASSWORD_FILE
    path.unlink(missing_ok=True)  # a file left from an earlier database is stale
    write_private(path, password + "\n")
    report(f"created the account '{ADMIN_NAME}' with the password: {password}")
    report(
        f"(also written to {path}: sign in, set your own with `ntp-dashboard users "
        "set-password admin --password-stdin`, then delete the file)"
    )
    return password
