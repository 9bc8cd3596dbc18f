"""Passwords: argon2id hashes (argon2-cffi), the rules a new password must meet, and strong
generated ones. The common-password list is zxcvbn's (30,000 most used passwords)."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 takes any length; a bound keeps a crafted login cheap
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
# verified against when the account is unknown, so both answers take the same time
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class WeakPassword(ValueError):
    """A new password breaks a rule; the message says which."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_rules(password: str, name: str = "") -> None:
    """Raise WeakPassword unless ``password`` is long enough, not common, not the account name."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password has at most {MAX_LENGTH} characters")
    lowered = password.lower()
    if lowered in common_passwords() or (name and name.lower() in lowered):
        raise WeakPassword("this password is too common or contains the account name")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``stored_hash`` None (no such account) costs the same."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


def generate(name: str = "") -> str:
    """A random password of 20 URL-safe characters (120 bits) that passes ``check_rules`` for
    the account ``name`` (a random string can, rarely, hold a short name)."""
    while True:
        password = secrets.token_urlsafe(15)
        try:
            check_rules(password, name)
        except WeakPassword:
            continue
        return password
