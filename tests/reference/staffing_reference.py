"""Independent reference of next year's staffing plan (docs/contract/staffing.md and the
`staffing` block of docs/contract/summary-json.md), written only from the contract.

kpi_reference.py calls plan() for year-end runs; settings come from a report definition's
[staffing] section (--config INI) and the --growth / --deflection flags.  Standard library
only.  The attrition default is the contract's default target policy: min(current, 0.15);
[targets] overrides are not modelled here.
"""
from __future__ import annotations

import calendar
import configparser
import datetime as dt
import math

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
CHANNELS = ("phone", "chat", "email", "social", "web", "other")

DEFAULTS = {
    "deflection": 0.0, "interval_min": 30, "sl_target": 0.8, "max_occupancy": 0.85,
    "shrinkage": 0.30, "ticket_occupancy": 0.85, "hours_per_week": 40.0,
    "hire_lead_months": 2,
}


def _number(text: str) -> float:
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1].strip()) / 100
    return float(text)


def read_settings(ini_path=None, growth=None, deflection=None) -> dict:
    """The given [staffing] keys (numbers), flags laid over the file."""
    given = {}
    if ini_path:
        cp = configparser.ConfigParser(interpolation=None)
        cp.read(ini_path, encoding="utf-8")
        if cp.has_section("staffing"):
            for k, v in cp.items("staffing"):
                if v.strip():
                    given[k] = _number(v)
        if cp.has_section("metrics") and cp.has_option("metrics", "service_level_sec"):
            given["_service_level_sec"] = float(cp.get("metrics", "service_level_sec"))
    if growth is not None:
        given["growth"] = _number(growth)
    if deflection is not None:
        given["deflection"] = _number(deflection)
    return given


# ---- Erlang C (section 2) ------------------------------------------------------------

def agents_for(A, aht, T, sl_target, max_occ):
    if A == 0:
        return 0
    B = 1.0
    N = 0
    while True:
        N += 1
        B = A * B / (N + A * B)
        if N <= A:
            continue
        C = N * B / (N - A * (1 - B))
        SL = 1 - C * math.exp(-(N - A) * T / aht)
        if SL >= sl_target and A / N <= max_occ:
            return N


def _local(us, tz):
    return (EPOCH + dt.timedelta(microseconds=us)).astimezone(tz)


def _days_on_weekday(year, month):
    """ISO weekday index 0..6 (Monday first) -> number of days of that month."""
    n = [0] * 7
    for d in range(1, calendar.monthrange(year, month)[1] + 1):
        n[dt.date(year, month, d).weekday()] += 1
    return n


def _month_label(year, month):
    while month < 1:
        month += 12
        year -= 1
    return f"{year:04d}-{month:02d}"


def plan(Y, tz, as_of, tickets, calls, agents, kpis, given, short_abandon_sec=5,
         service_level_sec=30):
    """tickets/calls/agents: accepted rows (dicts) of kpi_reference's loader, calls and
    agents None without that export; kpis: its year-over-year dict."""
    P = Y + 1
    T_sl = given.get("_service_level_sec", service_level_sec)
    y_start = int((dt.datetime(Y, 1, 1, tzinfo=tz) - EPOCH).total_seconds() * 1_000_000)
    y_end = min(int((dt.datetime(Y + 1, 1, 1, tzinfo=tz) - EPOCH).total_seconds() * 1_000_000), as_of)

    def in_y(us):
        return y_start <= us < y_end

    # 1. volume forecast
    def growth_of(own, kpi_id):
        if own in given:
            return given[own]
        if "growth" in given:
            return given["growth"]
        g = kpis[kpi_id]["change_pct"]
        return 0.0 if g is None else g

    g_calls = growth_of("growth_calls", "calls.offered")
    g_tickets = growth_of("growth_tickets", "tickets.volume")
    defl = given.get("deflection", DEFAULTS["deflection"])
    F_calls = (1 + g_calls) * (1 - defl)
    F_tickets = (1 + g_tickets) * (1 - defl)
    interval = int(given.get("interval_min", DEFAULTS["interval_min"]))
    per_day = 1440 // interval
    sl_target = given.get("sl_target", DEFAULTS["sl_target"])
    max_occ = given.get("max_occupancy", DEFAULTS["max_occupancy"])
    shrink = given.get("shrinkage", DEFAULTS["shrinkage"])
    t_occ = given.get("ticket_occupancy", DEFAULTS["ticket_occupancy"])
    hpw = given.get("hours_per_week", DEFAULTS["hours_per_week"])
    lead = int(given.get("hire_lead_months", DEFAULTS["hire_lead_months"]))
    cost_year = given.get("cost_per_fte_year")
    ticket_handle = given.get("ticket_handle_sec")
    if "aht_sec" in given:
        aht = given["aht_sec"]
    elif calls is not None and kpis["calls.aht_min"]["current"] is not None:
        aht = kpis["calls.aht_min"]["current"] * 60
    else:
        aht = None
    if "attrition" in given:
        attrition = given["attrition"]
    else:
        cur = kpis["staff.attrition_rate"]["current"]
        attrition = 0.0 if cur is None else min(cur, 0.15)

    months = []
    phone_reason = None
    if calls is None:
        phone_reason = "no calls export"
    elif aht is None:
        phone_reason = "no call handle time"
    agents_n = None

    # 2. phone
    if calls is not None:
        slots = [[[0] * per_day for _ in range(7)] for _ in range(12)]
        for r in calls:
            if not in_y(r["offered_at"]):
                continue
            if not r["answered"] and r["wait_sec"] < short_abandon_sec:
                continue
            t = _local(r["offered_at"], tz)
            slots[t.month - 1][t.weekday()][(t.hour * 60 + t.minute) // interval] += 1
        if aht is not None:
            agents_n = [[[0] * per_day for _ in range(7)] for _ in range(12)]
    phone_calls, phone_hours = [None] * 12, [None] * 12
    for m in range(12):
        if calls is None:
            continue
        days_y = _days_on_weekday(Y, m + 1)
        lam = [[slots[m][w][i] / days_y[w] * F_calls for i in range(per_day)] for w in range(7)]
        total = 0.0
        hours = 0.0
        for d in range(1, calendar.monthrange(P, m + 1)[1] + 1):
            w = dt.date(P, m + 1, d).weekday()
            total += sum(lam[w])
        phone_calls[m] = total
        if agents_n is not None:
            for w in range(7):
                for i in range(per_day):
                    A = lam[w][i] * aht / (interval * 60)
                    agents_n[m][w][i] = agents_for(A, aht, T_sl, sl_target, max_occ)
            for d in range(1, calendar.monthrange(P, m + 1)[1] + 1):
                w = dt.date(P, m + 1, d).weekday()
                hours += sum(n * interval / 60 for n in agents_n[m][w])
            phone_hours[m] = hours

    # 3. tickets
    plan_channels = [c for c in CHANNELS if not (calls is not None and c == "phone")]
    V = {c: [0] * 12 for c in plan_channels}
    hsum = {c: 0.0 for c in plan_channels}
    hcnt = {c: 0 for c in plan_channels}
    for r in tickets:
        if not in_y(r["created_at"]):
            continue
        c = r.get("channel") or "other"
        if c not in V:
            continue
        V[c][_local(r["created_at"], tz).month - 1] += 1
        if r.get("handle_time_sec") is not None:
            hsum[c] += r["handle_time_sec"]
            hcnt[c] += 1
    handle = {}
    missing = []
    for c in plan_channels:
        if sum(V[c]) == 0:
            continue
        if hcnt[c]:
            handle[c] = hsum[c] / hcnt[c]
        elif ticket_handle is not None:
            handle[c] = ticket_handle
        else:
            missing.append(c)
    w_null = bool(missing) and not handle
    tickets_reason = ("no handle time for " + ", ".join(missing)) if missing else None

    # 4. FTE, 5. headcount
    H0 = None
    if agents is not None:
        d0 = _local(as_of, tz).date()
        H0 = float(sum(1 for a in agents
                       if a["hired_at"] <= d0 and (a.get("left_at") is None or a["left_at"] > d0)))
    H = H0
    a = attrition / 12
    budget = 0.0
    for m in range(12):
        days = calendar.monthrange(P, m + 1)[1]
        fte_hours = hpw * days / 7
        fc = sum(V[c][m] * F_tickets for c in plan_channels)
        W = None if w_null else sum(V[c][m] * F_tickets * handle[c] / 3600 for c in handle)
        fte_p = None if phone_hours[m] is None else phone_hours[m] / (1 - shrink) / fte_hours
        fte_t = None if W is None else W / t_occ / (1 - shrink) / fte_hours
        req = (fte_p or 0.0) + (fte_t or 0.0)
        row = {"month": _month_label(P, m + 1), "forecast_calls": phone_calls[m],
               "forecast_tickets": fc, "phone_agent_hours": phone_hours[m],
               "workload_hours": W, "fte_phone": fte_p, "fte_tickets": fte_t, "required": req,
               "leavers": None, "hires": None, "headcount": None, "cost": None,
               "recruit_month": _month_label(P, m + 1 - lead)}
        if H is not None:
            leavers = H * a
            hires = max(0.0, req - (H - leavers))
            H = H - leavers + hires
            row.update(leavers=leavers, hires=hires, headcount=H)
            if cost_year is not None:
                row["cost"] = H * cost_year / 12
                budget += row["cost"]
        months.append(row)
    quarters = []
    for q in range(4):
        ms = months[3 * q:3 * q + 3]
        quarters.append({
            "quarter": f"{P}-Q{q + 1}",
            "peak_required": max(r["required"] for r in ms),
            "hires": None if H0 is None else sum(r["hires"] for r in ms),
            "headcount_end": ms[2]["headcount"],
        })
    peak = 0
    for m in range(1, 12):
        if months[m]["required"] > months[peak]["required"]:
            peak = m
    return {
        "plan_year": P,
        "settings": {"growth_calls": g_calls, "growth_tickets": g_tickets, "deflection": defl,
                     "interval_min": interval, "aht_sec": aht, "sl_target": sl_target,
                     "service_level_sec": T_sl, "max_occupancy": max_occ, "shrinkage": shrink,
                     "ticket_occupancy": t_occ, "hours_per_week": hpw, "attrition": attrition,
                     "hire_lead_months": lead, "cost_per_fte_year": cost_year},
        "headcount_start": H0,
        "months": months,
        "quarters": quarters,
        "budget": budget if (H0 is not None and cost_year is not None) else None,
        "peak": {"month": months[peak]["month"], "interval_min": interval,
                 "agents": None if agents_n is None else agents_n[peak]},
        "unavailable_reason": {"phone": phone_reason, "tickets": tickets_reason},
    }
