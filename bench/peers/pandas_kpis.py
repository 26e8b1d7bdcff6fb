#!/usr/bin/env python3
"""The ticket and survey KPIs of docs/contract/kpis.md for one report year and the year
before, computed with pandas from the same CSV exports cskpi reads. A benchmark peer, not a
second implementation of cskpi: see docs/benchmarks.md for what it leaves out.

  python3 bench/peers/pandas_kpis.py --tickets T.csv --surveys S.csv --year 2026 [--out F.json]

Prints (or writes) {"kpis": {id: {"current": x, "previous": y}}}, the shape of the "kpis"
block of cskpi's summary JSON, for bench/peers/compare.py.
"""
import argparse
import json
import sys

import numpy as np
import pandas as pd

TS = "%Y-%m-%d %H:%M:%S"
SLA_HOURS = {"urgent": 4, "high": 8, "normal": 24, "low": 72}  # docs/contract/kpis.md defaults
URGENT = pd.Timedelta(minutes=5)
REPEAT_WINDOW = pd.Timedelta(days=7)


def ratio(num, den):
    return None if den == 0 else float(num) / float(den)


def stat(series, fn):
    return None if series.empty else float(fn(series))


def timestamps(frame, cols):
    # Naive local timestamps (Asia/Shanghai has no daylight-saving time, so differences are
    # absolute durations); a text that is not one (a day-first created_at) becomes NaT.
    for col in cols:
        frame[col] = pd.to_datetime(frame[col], format=TS, errors="coerce")


def in_range(s, lo, hi):
    return s.isna() | ((s >= lo) & (s <= hi))


def ticket_kpis(path, year):
    raw = pd.read_csv(path, usecols=["ticket_id", "created_at", "first_response_at", "resolved_at", "due_at",
                                     "priority", "customer_id", "contacts", "reopens", "complaint",
                                     "handle_time_sec"],
                      dtype={"ticket_id": str, "created_at": str, "first_response_at": str, "resolved_at": str,
                             "due_at": str, "priority": "category", "customer_id": str, "contacts": float,
                             "reopens": float, "complaint": str, "handle_time_sec": float})
    present = {c: raw[c].notna() for c in ("first_response_at", "resolved_at", "due_at")}
    timestamps(raw, ["created_at", "first_response_at", "resolved_at", "due_at"])
    ok = raw["created_at"].notna()
    for c, was in present.items():
        ok &= ~(was & raw[c].isna())  # a present timestamp that does not parse rejects the row
    ok &= raw["first_response_at"].isna() | (raw["first_response_at"] >= raw["created_at"])
    ok &= raw["resolved_at"].isna() | (raw["resolved_at"] >= raw["created_at"])
    ok &= in_range(raw["contacts"], 1, 1000) & in_range(raw["reopens"], 0, 1000)
    ok &= in_range(raw["handle_time_sec"], 0, 86400)
    t = raw[ok]
    t = t[~t["ticket_id"].duplicated(keep="last")]  # the later row of a repeated id wins

    as_of = pd.Timestamp(year + 1, 1, 1)
    created = t["created_at"]
    # Repeat contacts: the latest strictly earlier ticket of the same customer, within 7 days.
    c = t.loc[t["customer_id"].notna(), ["customer_id", "created_at"]].sort_values(["customer_id", "created_at"],
                                                                                   kind="stable")
    cust = c["customer_id"].to_numpy()
    when = c["created_at"].to_numpy()
    same_customer = np.r_[False, cust[1:] == cust[:-1]]
    starts = ~same_customer | np.r_[True, when[1:] != when[:-1]]  # first row of each (customer, created)
    previous = np.r_[np.datetime64("NaT"), when[:-1]]
    previous = np.where(same_customer, previous, np.datetime64("NaT"))
    idx = np.maximum.accumulate(np.where(starts, np.arange(len(when)), 0))
    earlier = previous[idx]
    repeat = pd.Series(~np.isnat(earlier) & (earlier >= when - REPEAT_WINDOW.to_timedelta64()), index=c.index)
    t = t.assign(is_repeat=repeat.reindex(t.index, fill_value=False))

    out = {}
    for y in (year - 1, year):
        p = t[(created >= pd.Timestamp(y, 1, 1)) & (created < pd.Timestamp(y + 1, 1, 1)) & (created < as_of)]
        k = {}
        replied = p["first_response_at"] < as_of
        frt = (p["first_response_at"][replied] - p["created_at"][replied]).dt.total_seconds() / 60
        resolved = p["resolved_at"] < as_of
        res = (p["resolved_at"][resolved] - p["created_at"][resolved]).dt.total_seconds() / 3600
        urgent = (p["priority"] == "urgent") & (p["created_at"] + URGENT <= as_of)
        urgent_met = urgent & replied & (p["first_response_at"] - p["created_at"] <= URGENT)
        hours = p["priority"].map(SLA_HOURS).astype(float).fillna(24)
        due = p["due_at"].fillna(p["created_at"] + pd.to_timedelta(hours, unit="h"))
        evaluable = resolved | (due <= as_of)
        overdue = np.where(resolved, p["resolved_at"] > due, due <= as_of)
        fcr = resolved & (p["contacts"].fillna(0) <= 1) & (p["reopens"].fillna(0) <= 0)
        k["tickets.volume"] = float(len(p))
        k["frt.mean_min"] = stat(frt, np.mean)
        k["frt.median_min"] = stat(frt, lambda s: s.quantile(0.5))
        k["frt.p90_min"] = stat(frt, lambda s: s.quantile(0.9))
        k["urgent.frt_attainment"] = ratio(urgent_met.sum(), urgent.sum())
        k["resolution.mean_h"] = stat(res, np.mean)
        k["resolution.median_h"] = stat(res, lambda s: s.quantile(0.5))
        k["resolution.p90_h"] = stat(res, lambda s: s.quantile(0.9))
        k["sla.overdue_rate"] = ratio(overdue[evaluable.to_numpy()].sum(), evaluable.sum())
        k["fcr.rate"] = ratio(fcr.sum(), resolved.sum())
        k["repeat.rate"] = ratio(p["is_repeat"].sum(), p["customer_id"].notna().sum())
        k["complaint.rate"] = ratio((p["complaint"].str.lower() == "true").sum(), len(p))
        k["aht.mean_min"] = stat(p["handle_time_sec"].dropna(), lambda s: s.mean() / 60)
        out[y] = k
    return out


def survey_kpis(path, year):
    raw = pd.read_csv(path, usecols=["survey_id", "submitted_at", "csat", "nps"],
                      dtype={"survey_id": str, "submitted_at": str, "csat": float, "nps": float})
    timestamps(raw, ["submitted_at"])
    ok = raw["submitted_at"].notna() & in_range(raw["csat"], 1, 5) & in_range(raw["nps"], 0, 10)
    s = raw[ok]
    s = s[~s["survey_id"].duplicated(keep="last")]
    out = {}
    for y in (year - 1, year):
        p = s[(s["submitted_at"] >= pd.Timestamp(y, 1, 1)) & (s["submitted_at"] < pd.Timestamp(y + 1, 1, 1))]
        csat, nps = p["csat"].dropna(), p["nps"].dropna()
        out[y] = {
            "survey.responses": float(len(p)),
            "csat.rate": ratio((csat >= 4).sum(), len(csat)),
            "nps.score": ratio(100 * ((nps >= 9).sum() - (nps <= 6).sum()), len(nps)),
        }
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", required=True)
    ap.add_argument("--surveys", required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--out")
    a = ap.parse_args()
    kpis = {}
    for per_year in (ticket_kpis(a.tickets, a.year), survey_kpis(a.surveys, a.year)):
        for y, values in per_year.items():
            slot = "current" if y == a.year else "previous"
            for kpi, v in values.items():
                kpis.setdefault(kpi, {"current": None, "previous": None})[slot] = v
    text = json.dumps({"kpis": kpis}, indent=1) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
