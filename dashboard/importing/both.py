"""The usual provincial progress report: the year's plan and the disbursement to date side by
side, for each unit and line ("Biểu" layout). Both kinds of facts come from the one file.

The plan columns are read as a capital plan, the disbursement columns as a disbursement, on the
same rows: a row with a bad cell in either is rejected whole, and neither kind of its figures is
written. Disbursement is checked against the plan of the same file.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.importing import disbursements, plans
from dashboard.importing.context import Context, Outcome
from dashboard.importing.writing import in_turn


def prepare(ctx: Context) -> Outcome:
    plan = plans.prepare(replace(ctx, kind="capital_plan"))
    paid = disbursements.prepare(replace(ctx, kind="disbursement"), plans=plan.frame)

    write = in_turn(plan.write, paid.write, all_progress=True)
    return Outcome(len(ctx.rows), write, paid.after)
