"""Settings, read from environment variables in this one place.

Each setting is declared once in ``SETTINGS`` with its default and meaning; the README table lists
the same names (a test checks that). Precedence: explicit argument > environment > default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

# name -> (default, what it is for). Paths are relative to the working directory.
SETTINGS: dict[str, tuple[str, str]] = {
    "DATABASE_URL": ("sqlite:///var/ntp.db", "SQLAlchemy URL of the database"),
    "CACHE_URL": ("", "redis://host:port/db: a read cache shared by workers; empty = in-process"),
    "CACHE_TIMEOUT": ("600", "seconds a cached read lives (keys also carry the data version)"),
    "CACHE_MAX_MB": ("64", "megabytes each worker's in-process cache keeps (without CACHE_URL)"),
    "LANGUAGE": ("vi", "default language of the interface: vi or en"),
    "SECRET_KEY": ("", "key that signs session cookies; empty = made once in VAR_DIR/secret-key"),
    "VAR_DIR": ("var", "where the SQLite file, built geodata, caches and uploads live"),
    "DEMO_ON_FIRST_RUN": ("1", "load demo data when the database is empty at start (0 to disable)"),
    "DEMO_ROWS": ("600000", "disbursement rows the first-run demo data set aims for"),
    "DEMO_SEED": ("1719", "seed of the deterministic demo data"),
    "IMPORT_MAX_MB": ("50", "largest import file accepted, in megabytes"),
    "IMPORT_MAX_AMOUNT_TY": (
        "1000",
        "largest plausible amount for one unit and budget line, in tỷ đồng (larger is refused)",
    ),
    "HOST": ("127.0.0.1", "address `ntp-dashboard serve` listens on"),
    "PORT": ("8050", "port `ntp-dashboard serve` listens on"),
    "WALL_CONFIG": ("", "TOML file of wall playlists (/wall); empty = ./wall.toml if present"),
    "AUTH": ("on", "on: every page needs a sign-in; off: read-only anonymous access (closed demo)"),
    "SESSION_COOKIE_SECURE": ("0", "1 when served over HTTPS: the session cookie is sent only so"),
    "SESSION_IDLE_MINUTES": ("60", "a session unused this long ends"),
    "SESSION_MAX_HOURS": ("12", "a session ends this long after its sign-in, used or not"),
    "PROXY_HOPS": ("0", "reverse proxies in front whose X-Forwarded-For/-Proto/-Host are trusted"),
    "PUBLIC_URL": ("", "base URL of the site in printed kiosk URLs; empty = http://HOST:PORT"),
    "PREWARM_SECONDS": ("10", "how often a server checks for new data to pre-warm; 0 = never"),
    "REPORT_DEADLINE_DAY": (
        "10",
        "a month's report received after this day of the next month counts as late (1-28)",
    ),
}

LANGUAGES = ("vi", "en")


class ConfigError(ValueError):
    """A setting has a value the application cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    cache_url: str
    cache_timeout: int
    cache_max_mb: int
    language: str
    secret_key: str
    var_dir: Path
    demo_on_first_run: bool
    demo_rows: int
    demo_seed: int
    import_max_mb: int
    host: str
    port: int
    wall_config: str = ""
    auth: bool = True
    session_cookie_secure: bool = False
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    public_url: str = ""
    proxy_hops: int = 0
    import_max_amount_ty: int = 1000
    prewarm_seconds: int = 10
    report_deadline_day: int = 10

    @property
    def geodata_dir(self) -> Path:
        return self.var_dir / "geodata"

    @property
    def import_max_bytes(self) -> int:
        return self.import_max_mb * 1024 * 1024

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _switch(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no", ""):
        return False
    raise ConfigError(f"{name} must be on or off, got {raw!r}")


def _deadline_day(raw: str) -> int:
    day = _int("REPORT_DEADLINE_DAY", raw)
    if not 1 <= day <= 28:
        raise ConfigError(f"REPORT_DEADLINE_DAY must be a day from 1 to 28, got {day}")
    return day


def from_env(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build settings from ``environ`` (default ``os.environ``) and explicit overrides."""
    env = os.environ if environ is None else environ
    raw = {name: env.get(name, default) for name, (default, _) in SETTINGS.items()}
    language = raw["LANGUAGE"].strip().lower() or "vi"
    if language not in LANGUAGES:
        raise ConfigError(f"LANGUAGE must be one of {', '.join(LANGUAGES)}, got {language!r}")
    settings = Settings(
        database_url=raw["DATABASE_URL"],
        cache_url=raw["CACHE_URL"],
        cache_timeout=_int("CACHE_TIMEOUT", raw["CACHE_TIMEOUT"]),
        cache_max_mb=_int("CACHE_MAX_MB", raw["CACHE_MAX_MB"]),
        language=language,
        secret_key=raw["SECRET_KEY"],
        var_dir=Path(raw["VAR_DIR"]),
        demo_on_first_run=raw["DEMO_ON_FIRST_RUN"].strip().lower() not in ("0", "false", "no", ""),
        demo_rows=_int("DEMO_ROWS", raw["DEMO_ROWS"]),
        demo_seed=_int("DEMO_SEED", raw["DEMO_SEED"]),
        import_max_mb=_int("IMPORT_MAX_MB", raw["IMPORT_MAX_MB"]),
        host=raw["HOST"],
        port=_int("PORT", raw["PORT"]),
        wall_config=raw["WALL_CONFIG"],
        auth=_switch("AUTH", raw["AUTH"]),
        session_cookie_secure=_switch("SESSION_COOKIE_SECURE", raw["SESSION_COOKIE_SECURE"]),
        session_idle_minutes=_int("SESSION_IDLE_MINUTES", raw["SESSION_IDLE_MINUTES"]),
        session_max_hours=_int("SESSION_MAX_HOURS", raw["SESSION_MAX_HOURS"]),
        public_url=raw["PUBLIC_URL"].strip().rstrip("/"),
        proxy_hops=_int("PROXY_HOPS", raw["PROXY_HOPS"]),
        import_max_amount_ty=_int("IMPORT_MAX_AMOUNT_TY", raw["IMPORT_MAX_AMOUNT_TY"]),
        prewarm_seconds=_int("PREWARM_SECONDS", raw["PREWARM_SECONDS"]),
        report_deadline_day=_deadline_day(raw["REPORT_DEADLINE_DAY"]),
    )
    known = {f.name for f in fields(Settings)}
    unknown = set(overrides) - known
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    return settings.with_overrides(**overrides) if overrides else settings
