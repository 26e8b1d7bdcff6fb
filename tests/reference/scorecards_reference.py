"""Independent reference of the role scorecards (docs/contract/scorecards.md and the
`scorecards` block of docs/contract/summary-json.md), written only from the contract.

kpi_reference.py calls scorecards_block() for year-end runs; the per-agent KPIs are the
reference's own KPI formulas (Engine.ticket_kpis / survey_kpis of kpi_reference.py) over
the agent's tickets and the surveys joined to them. Standard library only.
"""
from __future__ import annotations

AGENT_KPIS = ["tickets.volume", "frt.mean_min", "resolution.mean_h", "fcr.rate",
              "sla.overdue_rate", "complaint.rate", "aht.mean_min", "csat.rate", "nps.score"]

DEFAULT_WEIGHTS = {
    "phone": [("frt.mean_min", 40), ("csat.rate", 30), ("fcr.rate", 15), ("aht.mean_min", 15)],
    "tech_support": [("fcr.rate", 50), ("resolution.mean_h", 20), ("frt.mean_min", 15),
                     ("tickets.volume", 15)],
    "social": [("csat.rate", 40), ("frt.mean_min", 30), ("fcr.rate", 15), ("tickets.volume", 15)],
}
OTHER_WEIGHTS = [("frt.mean_min", 25), ("resolution.mean_h", 25), ("fcr.rate", 25),
                 ("csat.rate", 25)]
CHINESE_ROLES = {"电话": "phone", "电话客服": "phone", "技术支持": "tech_support",
                 "社交媒体": "social", "社媒客服": "social"}
DOWN = {"frt.mean_min", "resolution.mean_h", "sla.overdue_rate", "complaint.rate", "aht.mean_min"}


def normalize_role(text):
    if text is None:
        return "other"
    r = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text.strip())
    if r == "":
        return "other"
    return CHINESE_ROLES.get(r, r)


def parse_settings(pairs):
    """pairs: ["min_tickets=30", "role.phone.fcr.rate=20", ...] ([scorecard] keys)."""
    s = {"min_tickets": 30, "cap": 1.5, "star_score": 110.0, "improve_score": 90.0, "roles": {}}
    for p in pairs or []:
        key, _, value = p.partition("=")
        key, value = key.strip(), value.strip()
        if key == "min_tickets":
            s["min_tickets"] = int(value)
        elif key in ("cap", "star_score", "improve_score"):
            s[key] = float(value)
        elif key.startswith("role."):
            rest = key[5:]
            kpi = next(k for k in AGENT_KPIS if rest.endswith("." + k))
            role = normalize_role(rest[: -len(kpi) - 1])
            w = s["roles"].setdefault(role, {})
            w[kpi] = float(value)
    return s


def weights_of(settings, role):
    if role in settings["roles"]:
        return list(settings["roles"][role].items())
    return DEFAULT_WEIGHTS.get(role, OTHER_WEIGHTS)


class _Rows:
    """A source restricted to some rows, for the reference's KPI formulas."""

    def __init__(self, src, rows):
        self.header = src.header
        self.rows = rows

    def has(self, col):
        return col in self.header


def _kpis(engine_cls, tz, as_of, T, S, ticket_rows, survey_rows, year):
    eng = engine_cls(tz, as_of, _Rows(T, ticket_rows), _Rows(S, survey_rows) if S else None, None, None)
    out = eng.ticket_kpis(year)
    out.update(eng.survey_kpis(year))
    return out


def attainment(kpi, v, r, cap):
    if v is None or r is None:
        return None
    if kpi in DOWN:
        if v == 0:
            a = 1.0 if r == 0 else cap
        else:
            a = r / v
    else:
        if r <= 0:
            return None
        a = v / r
    return min(max(a, 0.0), cap)


def scorecards_block(engine_cls, tz, as_of, year, T, S, A, settings):
    """year: the report year's Period of kpi_reference.py."""
    lo, hi = year.start, min(year.end, as_of)
    # agents: agent_ids on at least one ticket of Y
    tickets_of = {}
    for r in T.rows:
        ag = r.get("agent_id")
        if ag is not None:
            tickets_of.setdefault(ag, []).append(r)
    agents = sorted(ag for ag, rows in tickets_of.items()
                    if any(lo <= t["created_at"] < hi for t in rows))
    roster = {}
    if A is not None:
        for a in A.rows:
            roster[a["agent_id"]] = a
    # surveys: every survey whose ticket_id joins an accepted ticket of the agent
    owner = {r["ticket_id"]: r.get("agent_id") for r in T.rows}
    surveys_of = {}
    if S is not None:
        for s in S.rows:
            ag = owner.get(s.get("ticket_id"))
            if ag is not None:
                surveys_of.setdefault(ag, []).append(s)
    by_role = {}
    for ag in agents:
        ro = roster.get(ag)
        role = normalize_role(ro.get("role")) if ro else "other"
        by_role.setdefault(role, []).append(ag)

    cap = settings["cap"]
    roles_out = {}
    for role in sorted(by_role):
        members = by_role[role]
        weights = weights_of(settings, role)
        vals = {ag: _kpis(engine_cls, tz, as_of, T, S, tickets_of[ag], surveys_of.get(ag, []), year)
                for ag in members}
        all_t = [t for ag in members for t in tickets_of[ag]]
        all_s = [s for ag in members for s in surveys_of.get(ag, [])]
        level = _kpis(engine_cls, tz, as_of, T, S, all_t, all_s, year)
        eligible = [ag for ag in members if vals[ag]["tickets.volume"] >= settings["min_tickets"]]
        ref = {}
        for k, _w in weights:
            if k == "tickets.volume":
                ref[k] = (sum(vals[ag][k] for ag in eligible) / len(eligible)) if eligible else None
            else:
                ref[k] = level[k]
        total = sum(w for _k, w in weights)
        rows = []
        for ag in members:
            att = {k: attainment(k, vals[ag][k], ref[k], cap) for k, _w in weights}
            num = sum(w * att[k] for k, w in weights if att[k] is not None)
            den = sum(w for k, w in weights if att[k] is not None)
            score = None
            if total > 0 and den > 0 and not den < total / 2:
                score = 100 * num / den
            band = None
            if score is not None:
                band = ("star" if score >= settings["star_score"]
                        else "improve" if score < settings["improve_score"] else "meets")
            ro = roster.get(ag)
            team = ro.get("team") if ro else None
            rows.append({"agent_id": ag, "team": team, "tickets": vals[ag]["tickets.volume"],
                         "kpis": {k: vals[ag][k] for k, _w in weights},
                         "attainment": att, "score": score, "rank": None, "band": band,
                         "_eligible": vals[ag]["tickets.volume"] >= settings["min_tickets"]})
        ranked = sorted((r for r in rows if r["_eligible"] and r["score"] is not None),
                        key=lambda r: (-r["score"], r["agent_id"].encode("utf-8")))
        for i, r in enumerate(ranked):
            r["rank"] = i + 1
        unranked = sorted((r for r in rows if r["rank"] is None), key=lambda r: r["agent_id"].encode("utf-8"))
        for r in rows:
            del r["_eligible"]
        roles_out[role] = {"weights": dict(weights), "reference": ref, "agents": ranked + unranked}
    return {"min_tickets": settings["min_tickets"], "cap": cap, "roles": roles_out}
