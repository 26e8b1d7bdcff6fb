#!/usr/bin/env python3
"""Compare a reference summary JSON with a candidate one (e.g. cskpi --summary-json).

Usage: python3 compare_summary.py REFERENCE.json CANDIDATE.json [--rel 1e-9] [--abs 1e-12]

Compares, for "kpis" (and "ytd" when the reference has it): current, previous, change,
change_pct and better of every KPI id of the reference, and its "status" and target
(value, basis, stretch, warning) where the reference gives them; every value of "monthly"; every
number of "staffing" and "scorecards" when the reference has them; and for
every source of the reference: rows_read, rows_accepted, rows_rejected, rejects (per
reason, a missing reason counting as 0) and out_of_period.  Prints each mismatch and a
final line "N passed, M failed"; exits 1 on any mismatch, 0 otherwise.
"""
import argparse
import json
import math
import sys

FIELDS = ("current", "previous", "change", "change_pct", "better")
SRC_FIELDS = ("rows_read", "rows_accepted", "rows_rejected", "out_of_period")


class Cmp:
    def __init__(self, rel, abs_):
        self.rel, self.abs = rel, abs_
        self.passed = 0
        self.failed = 0

    def same(self, a, b):
        if a is None or b is None:
            return a is None and b is None
        if isinstance(a, bool) or isinstance(b, bool):
            return isinstance(a, bool) and isinstance(b, bool) and a == b
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if a == b:
                return True
            return math.isclose(a, b, rel_tol=self.rel, abs_tol=self.abs)
        return a == b

    def check(self, where, field, ref, cand):
        if self.same(ref, cand):
            self.passed += 1
        else:
            self.failed += 1
            print(f"MISMATCH {where} {field}: reference={json.dumps(ref, ensure_ascii=False)}"
                  f" candidate={json.dumps(cand, ensure_ascii=False)}")

    def missing(self, where, what):
        self.failed += 1
        print(f"MISSING  {where}: {what}")


_ABSENT = object()


STAFF_MONTH = ("month", "forecast_calls", "forecast_tickets", "phone_agent_hours", "workload_hours",
               "fte_phone", "fte_tickets", "required", "leavers", "hires", "headcount", "cost",
               "recruit_month")
STAFF_QUARTER = ("quarter", "peak_required", "hires", "headcount_end")


def compare_staffing(c, ref, cand):
    """The staffing block (docs/contract/staffing.md): every number; reasons by null-ness."""
    if ref is None:
        return
    if not isinstance(cand, dict):
        c.missing("staffing", "block absent from candidate")
        return
    for k in ("plan_year", "headcount_start", "budget"):
        c.check("staffing", k, ref.get(k), cand.get(k))
    for k, v in ref.get("settings", {}).items():
        c.check("staffing.settings", k, v, (cand.get("settings") or {}).get(k))
    for name, fields in (("months", STAFF_MONTH), ("quarters", STAFF_QUARTER)):
        rl, cl = ref.get(name) or [], cand.get(name) or []
        if len(rl) != len(cl):
            c.missing(f"staffing.{name}", f"{len(rl)} in reference, {len(cl)} in candidate")
            continue
        for i, (r, k) in enumerate(zip(rl, cl)):
            for f in fields:
                c.check(f"staffing.{name}[{i}]", f, r.get(f), k.get(f))
    rp, cp = ref.get("peak") or {}, cand.get("peak") or {}
    for f in ("month", "interval_min", "agents"):
        c.check("staffing.peak", f, rp.get(f), cp.get(f))
    rr, cr = ref.get("unavailable_reason") or {}, cand.get("unavailable_reason") or {}
    for part in ("phone", "tickets"):
        c.check("staffing.unavailable_reason", part + " is null", rr.get(part) is None, cr.get(part) is None)
def compare_scorecards(c, ref, cand):
    """The scorecards block (docs/contract/summary-json.md): every role, weight, reference
    and agent, agents in the listed order."""
    if not isinstance(cand, dict):
        c.missing("scorecards", "block absent from candidate")
        return
    for fld in ("min_tickets", "cap"):
        c.check("scorecards", fld, ref.get(fld), cand.get(fld))
    croles = cand.get("roles") or {}
    c.check("scorecards", "roles", sorted(ref["roles"]), sorted(croles))
    for role, rr in ref["roles"].items():
        cr = croles.get(role)
        if not isinstance(cr, dict):
            c.missing(f"scorecards.{role}", "role absent from candidate")
            continue
        for block in ("weights", "reference"):
            c.check(f"scorecards.{role}.{block}", "ids", sorted(rr[block]), sorted(cr.get(block) or {}))
            for k, v in rr[block].items():
                c.check(f"scorecards.{role}.{block}", k, v, (cr.get(block) or {}).get(k))
        ca = cr.get("agents") or []
        c.check(f"scorecards.{role}", "agent order", [a["agent_id"] for a in rr["agents"]],
                [a.get("agent_id") for a in ca])
        cand_by_id = {a.get("agent_id"): a for a in ca}
        for a in rr["agents"]:
            where = f"scorecards.{role}.{a['agent_id']}"
            b = cand_by_id.get(a["agent_id"])
            if b is None:
                c.missing(where, "agent absent from candidate")
                continue
            for fld in ("team", "tickets", "score", "rank", "band"):
                c.check(where, fld, a.get(fld), b.get(fld))
            for block in ("kpis", "attainment"):
                for k, v in a[block].items():
                    c.check(f"{where}.{block}", k, v, (b.get(block) or {}).get(k))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("candidate")
    ap.add_argument("--rel", type=float, default=1e-9)
    ap.add_argument("--abs", type=float, default=1e-12,
                    help="absolute tolerance (for values near 0)")
    a = ap.parse_args()
    with open(a.reference, encoding="utf-8") as f:
        ref = json.load(f)
    with open(a.candidate, encoding="utf-8") as f:
        cand = json.load(f)
    c = Cmp(a.rel, a.abs)

    for block in ("kpis", "ytd"):
        if block not in ref:
            continue
        if not isinstance(cand.get(block), dict):
            c.missing(block, "block absent from candidate")
            continue
        for kid, rv in ref[block].items():
            cv = cand[block].get(kid)
            if not isinstance(cv, dict):
                c.missing(f"{block}.{kid}", "KPI absent from candidate")
                continue
            for fld in FIELDS:
                if fld not in cv:
                    c.missing(f"{block}.{kid}", f"field {fld} absent from candidate")
                    continue
                c.check(f"{block}.{kid}", fld, rv.get(fld), cv.get(fld))
            if "status" in rv:
                c.check(f"{block}.{kid}", "status", rv["status"], cv.get("status"))
            if "target" in rv:
                ct = cv.get("target")
                if not isinstance(ct, dict):
                    c.missing(f"{block}.{kid}", "target absent from candidate")
                    continue
                for fld in ("value", "basis", "stretch", "warning"):
                    c.check(f"{block}.{kid}.target", fld, rv["target"].get(fld), ct.get(fld))

    rm, cm = ref.get("monthly", {}), cand.get("monthly") or {}
    for kid, months in rm.items():
        if kid not in cm:
            c.missing(f"monthly.{kid}", "KPI absent from candidate monthly")
            continue
        for mo in sorted(set(months) | set(cm[kid])):
            if mo not in months:
                c.missing(f"monthly.{kid}.{mo}", "month only in candidate")
            elif mo not in cm[kid]:
                c.missing(f"monthly.{kid}.{mo}", "month absent from candidate")
            else:
                c.check(f"monthly.{kid}", mo, months[mo], cm[kid][mo])
    for kid in sorted(set(cm) - set(rm)):
        print(f"note: monthly.{kid} only in candidate (not compared)")

    csrc = {s.get("name"): s for s in cand.get("sources", [])}
    for s in ref.get("sources", []):
        name = s["name"]
        cs = csrc.get(name)
        if cs is None:
            c.missing(f"sources.{name}", "source absent from candidate")
            continue
        for fld in SRC_FIELDS:
            c.check(f"sources.{name}", fld, s.get(fld), cs.get(fld))
        rr, cr = s.get("rejects") or {}, cs.get("rejects") or {}
        for reason in sorted(set(rr) | set(cr)):
            c.check(f"sources.{name}", f"rejects.{reason}", rr.get(reason, 0), cr.get(reason, 0))

    compare_staffing(c, ref.get("staffing"), cand.get("staffing"))
    if "scorecards" in ref:
        compare_scorecards(c, ref["scorecards"], cand.get("scorecards"))

    print(f"{c.passed} passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
