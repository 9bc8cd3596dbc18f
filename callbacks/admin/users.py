"""``/admin/users``: accounts (list, add, disable or enable, grant or revoke provinces, reset a
password) and the audit log, for admins only (the gate refuses everyone else, server-side).

Server-rendered forms posting with a CSRF token; a changed account is recorded in the audit log
by ``dashboard.accounts``. A generated password is shown once, in the answer to the form.
"""

from __future__ import annotations

import re

import flask

from callbacks import sessions
from callbacks.access import current_viewer
from callbacks.auth_views import labels
from callbacks.deps import Deps
from dashboard import accounts, audit, i18n, passwords
from dashboard.access import ROLES
from dashboard.i18n import t
from dashboard.passwords import WeakPassword

PATH = "/admin/users"
AUDIT_CSV = "/admin/audit.csv"
AUDIT_SHOWN, AUDIT_EXPORTED = 200, 100_000
ACTIONS = ("disable", "enable", "grant", "revoke", "password")


def _lang(deps: Deps) -> str:
    return i18n.normalize(flask.request.values.get("lang"), deps.settings.language)


def codes(text: str) -> list[str]:
    """Province codes typed as ``"08, 14 26"``."""
    return [code for code in re.split(r"[\s,;]+", text[:400]) if code]


def render(deps: Deps, status: int = 200, notice: str | None = None,
           error: str | None = None) -> flask.Response:  # fmt: skip
    lang = _lang(deps)
    html = flask.render_template(
        "admin_users.html", lang=lang, L=labels(lang, "admin."), app_name=t("app.name", lang),
        roles=ROLES, accounts=accounts.all_accounts(deps.engine),
        events=audit.recent(deps.engine, AUDIT_SHOWN), notice=notice, error=error,
        me=current_viewer().name,
    )  # fmt: skip
    response = flask.make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def add(deps: Deps) -> flask.Response:
    form, lang = flask.request.form, _lang(deps)
    name = form.get("name", "")[:64]
    password = form.get("password", "")[: passwords.MAX_LENGTH] or passwords.generate(name)
    info = accounts.add(deps.engine, form.get("name", "")[:64], form.get("role", ""), password,
                        codes(form.get("provinces", "")), actor=current_viewer().name)  # fmt: skip
    shown = "" if form.get("password") else t("admin.password_once", lang, password=password)
    return render(deps, notice=f"{t('admin.added', lang, name=info.name)} {shown}".strip())


def change(deps: Deps, name: str, action: str) -> flask.Response:
    actor, lang = current_viewer().name, _lang(deps)
    if action in ("disable", "enable"):
        if action == "disable" and accounts.normalize_name(name) == actor:
            raise accounts.AccountError(t("admin.not_yourself", lang))
        accounts.set_disabled(deps.engine, name, action == "disable", actor=actor)
    elif action in ("grant", "revoke"):
        apply = accounts.grant if action == "grant" else accounts.revoke
        apply(deps.engine, name, codes(flask.request.form.get("provinces", "")), actor=actor)
    else:
        password = passwords.generate(name)
        accounts.set_password(deps.engine, name, password, actor=actor)
        return render(deps, notice=t("admin.password_once", lang, password=password))
    return render(deps, notice=t("admin.saved", lang))


def guarded(deps: Deps, work) -> flask.Response:  # noqa: ANN001 (a view)
    """A form's answer: the page with the outcome, or with the reason it was refused (400)."""
    try:
        return work()
    except (accounts.AccountError, WeakPassword) as exc:
        return render(deps, 400, error=str(exc))


def audit_csv(deps: Deps) -> flask.Response:
    events = audit.recent(deps.engine, AUDIT_EXPORTED)
    audit.record(deps.engine, current_viewer().name, audit.EXPORT, "audit log",
                 address=sessions.address())  # fmt: skip
    response = flask.make_response(audit.to_csv(events))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = "attachment; filename=ntp1719-audit.csv"
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: flask.Flask, deps: Deps) -> None:
    server.add_url_rule(PATH, "admin_users", lambda: render(deps))
    server.add_url_rule(
        f"{PATH}/add", "admin_users_add", lambda: guarded(deps, lambda: add(deps)),
        methods=["POST"],
    )  # fmt: skip
    server.add_url_rule(
        f"{PATH}/<name>/<any({', '.join(ACTIONS)}):action>", "admin_users_change",
        lambda name, action: guarded(deps, lambda: change(deps, name, action)), methods=["POST"],
    )  # fmt: skip
    server.add_url_rule(AUDIT_CSV, "admin_audit_csv", lambda: audit_csv(deps))
