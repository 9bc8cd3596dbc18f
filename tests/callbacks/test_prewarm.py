"""Pre-warm: after a warm the default views read nothing but the data version; one process of a
site warms a version; the warmer thread warms a new data version by itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dash
import flask
import pytest
from sqlalchemy import Engine, event

from callbacks import prewarm
from callbacks.deps import Deps
from tests.app_fixtures import make_settings, put_meta, seed_overview
from tests.callbacks.test_deps import redis_url  # noqa: F401 (a fixture)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL the engine runs within the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, *_) -> None:  # noqa: ANN001 (SQLAlchemy's event signature)
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_after_a_warm_the_default_views_read_only_the_version(
    engine: Engine, app: dash.Dash, deps: Deps
) -> None:
    seed_overview(engine)
    assert prewarm.warm(app.server, deps) == []
    with statements(engine) as seen, app.server.test_request_context("/"):
        flask.g.ntp_viewer = prewarm.WARM_VIEWER
        for view in prewarm._views(deps.settings.language).values():
            view(deps)
    assert seen, "the data version is read once per request"
    assert all("FROM meta" in sql for sql in seen), [s for s in seen if "FROM meta" not in s]


def test_without_a_warm_the_default_views_read_the_database(
    engine: Engine, app: dash.Dash, deps: Deps
) -> None:
    seed_overview(engine)
    with statements(engine) as seen, app.server.test_request_context("/"):
        flask.g.ntp_viewer = prewarm.WARM_VIEWER  # a request without a viewer is refused
        prewarm._views(deps.settings.language)["overview"](deps)
    assert any("FROM meta" not in sql for sql in seen)


@pytest.mark.redis
def test_one_process_of_the_site_warms_a_version(
    engine: Engine,
    tmp_path: Path,
    redis_url: str,  # noqa: F811 (the fixture)
) -> None:
    from app import create_app
    from tests.app_fixtures import reset_dash_registries

    apps = []
    for _ in range(2):  # two servers over one database and one Redis
        reset_dash_registries()
        apps.append(create_app(make_settings(tmp_path, cache_url=redis_url), engine))
    reset_dash_registries()
    version = uuid.uuid4().int % 10**9  # a version no earlier run has claimed
    claims = [prewarm.claim(a.server.extensions["ntp_deps"], version, 1, 60) for a in apps]
    assert sorted(claims) == [False, True]


def test_the_warmer_warms_a_new_data_version(engine: Engine, app: dash.Dash, deps: Deps) -> None:
    seed_overview(engine)
    warmer = prewarm.Warmer(app.server, deps, every=0.05).start()
    try:
        assert warmer.done.wait(60)
        warmer.done.clear()
        put_meta(engine, data_version="99")
        assert warmer.done.wait(60)
        assert warmer.warmed == 99
    finally:
        warmer.stop()
    with statements(engine) as seen, app.server.test_request_context("/"):
        flask.g.ntp_viewer = prewarm.WARM_VIEWER
        prewarm._views(deps.settings.language)["disbursement"](deps)
    assert all("FROM meta" in sql for sql in seen)
