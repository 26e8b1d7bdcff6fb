#!/usr/bin/env python3
"""Independent reference implementation of the KPI specification.

Written only from docs/contract/{inputs,kpis,summary-json}.md; it shares no
code with the C++ implementation and is meant to cross-check its summary JSON.  Year-end
runs also get each KPI's target (value, basis incl. warning_line, stretch, warning) and
`status`, from the contract's target rules with the project's documented default
benchmarks, warning lines and achievability rule (docs/targets.md).

Usage:
  python3 kpi_reference.py --year 2026 --timezone Asia/Shanghai \
      [--as-of "2026-07-01 00:00"] [--month 10] \
      --tickets T.csv [--surveys S.csv] [--agents A.csv] [--calls C.csv] > reference.json

Standard library only.  Instants are kept as integer microseconds since the Unix epoch
(offsets applied), so durations are exact before the final division.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import re
import sys
from zoneinfo import ZoneInfo

US = 1_000_000  # microseconds per second
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

# --------------------------------------------------------------------------------------
# Value parsing (docs/contract/inputs.md "Values")
# --------------------------------------------------------------------------------------

# `YYYY-MM-DD HH:MM[:SS[.fff]]`, `T` or space between date and time, `/` or `-` between
# the date parts (the same separator twice), then nothing, `Z`, `+HH:MM`, `+HHMM` or
# ` +HHMM` (and the same with `-`).
_TS_RE = re.compile(
    r"^(\d{4})([-/])(\d{2})\2(\d{2})[T ](\d{2}):(\d{2})"
    r"(?::(\d{2})(?:\.(\d{1,3}))?)?"
    r"(Z|[+-]\d{2}:\d{2}|[+-]\d{4}| [+-]\d{4})?$", re.ASCII
)
_DATE_RE = re.compile(r"^(\d{4})([-/])(\d{2})\2(\d{2})$", re.ASCII)
_INT_RE = re.compile(r"^[+-]?\d+$", re.ASCII)
# plain decimal number, optional sign, optional fraction, optional exponent; no inf/nan/_
_NUM_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)

_BOOL = {
    "1": True, "true": True, "yes": True, "y": True, "是": True,
    "0": False, "false": False, "no": False, "n": False, "否": False,
}
_PRIORITY = {
    "urgent": "urgent", "high": "high", "normal": "normal", "low": "low",
    "紧急": "urgent", "高": "high", "普通": "normal", "中": "normal", "低": "low",
}
_CHANNEL = {
    "phone": "phone", "chat": "chat", "email": "email", "social": "social", "web": "web",
    "other": "other",
    "电话": "phone", "在线": "chat", "邮件": "email", "社交": "social", "网页": "web",
}
_TIER = {
    "key": "key", "potential": "potential", "regular": "regular",
    "关键": "key", "潜力": "potential", "普通": "regular",
}


class BadValue(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def local_to_us(tz: ZoneInfo, y, mo, d, h=0, mi=0, s=0, us=0) -> int:
    """Wall-clock time in tz (fold=0 for ambiguous times) -> epoch microseconds."""
    t = dt.datetime(y, mo, d, h, mi, s, us, tzinfo=tz, fold=0)
    return (t - EPOCH) // dt.timedelta(microseconds=1)


def parse_timestamp(text: str, tz: ZoneInfo) -> int:
    m = _TS_RE.fullmatch(text)
    if not m:
        raise BadValue("bad_timestamp")
    y, _sep, mo, d, h, mi, s, frac, off = m.groups()
    y, mo, d, h, mi = int(y), int(mo), int(d), int(h), int(mi)
    s = int(s) if s is not None else 0
    us = int(frac.ljust(6, "0")) if frac is not None else 0
    try:
        dt.date(y, mo, d)
    except ValueError:
        raise BadValue("bad_timestamp")
    if h > 23 or mi > 59 or s > 59:
        raise BadValue("bad_timestamp")
    if off is None:
        return local_to_us(tz, y, mo, d, h, mi, s, us)
    if off == "Z":
        off_min = 0
    else:
        o = off.strip().replace(":", "")
        sign = -1 if o[0] == "-" else 1
        oh, om = int(o[1:3]), int(o[3:5])
        if oh > 23 or om > 59:
            raise BadValue("bad_timestamp")
        off_min = sign * (oh * 60 + om)
    naive = dt.datetime(y, mo, d, h, mi, s, us, tzinfo=dt.timezone.utc)
    return (naive - EPOCH) // dt.timedelta(microseconds=1) - off_min * 60 * US


def parse_date(text: str) -> dt.date:
    m = _DATE_RE.fullmatch(text)
    if not m:
        raise BadValue("bad_date")
    try:
        return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        raise BadValue("bad_date")


def parse_int(text: str) -> int:
    if not _INT_RE.fullmatch(text):
        raise BadValue("bad_number")
    return int(text)


def parse_num(text: str) -> float:
    if not _NUM_RE.fullmatch(text):
        raise BadValue("bad_number")
    v = float(text)
    if not math.isfinite(v):
        raise BadValue("bad_number")
    return v


def parse_enum(table):
    def f(text: str):
        key = text.lower()
        if key in table:
            return table[key]
        if text in table:
            return table[text]
        raise BadValue("bad_enum")
    return f


def parse_bool(text: str) -> bool:
    key = text.lower()
    if key not in _BOOL:
        raise BadValue("bad_enum")
    return _BOOL[key]


def rng(lo=None, hi=None):
    def check(v):
        return (lo is None or v >= lo) and (hi is None or v <= hi)
    return check


# Plausibility bounds (inputs.md, out_of_range): contacts and reopens, and durations in seconds.
MAX_COUNT = 1000
MAX_SECONDS = 86400

# column spec: name -> (kind, required, range-check or None)
# kind: str | ts | date | int | num | bool | priority | channel | tier
SCHEMAS = {
    "tickets": {
        "id": "ticket_id",
        "cols": {
            "ticket_id": ("str", True, None),
            "created_at": ("ts", True, None),
            "first_response_at": ("ts", False, None),
            "resolved_at": ("ts", False, None),
            "due_at": ("ts", False, None),
            "priority": ("priority", False, None),
            "channel": ("channel", False, None),
            "category": ("str", False, None),
            "team": ("str", False, None),
            "agent_id": ("str", False, None),
            "customer_id": ("str", False, None),
            "customer_tier": ("tier", False, None),
            "contacts": ("int", False, rng(lo=1, hi=MAX_COUNT)),
            "reopens": ("int", False, rng(lo=0, hi=MAX_COUNT)),
            "complaint": ("bool", False, None),
            "handle_time_sec": ("num", False, rng(lo=0, hi=MAX_SECONDS)),
        },
        "order": [("created_at", "first_response_at"), ("created_at", "resolved_at")],
    },
    "surveys": {
        "id": "survey_id",
        "cols": {
            "survey_id": ("str", True, None),
            "submitted_at": ("ts", True, None),
            "ticket_id": ("str", False, None),
            "csat": ("int", False, rng(1, 5)),
            "nps": ("int", False, rng(0, 10)),
            "comment": ("str", False, None),
        },
        "order": [],
    },
    "agents": {
        "id": "agent_id",
        "cols": {
            "agent_id": ("str", True, None),
            "hired_at": ("date", True, None),
            "left_at": ("date", False, None),
            "team": ("str", False, None),
            "role": ("str", False, None),
            "core": ("bool", False, None),
        },
        "order": [("hired_at", "left_at")],
    },
    "calls": {
        "id": "call_id",
        "cols": {
            "call_id": ("str", True, None),
            "offered_at": ("ts", True, None),
            "answered": ("bool", True, None),
            "wait_sec": ("num", True, rng(lo=0, hi=MAX_SECONDS)),
            "handle_sec": ("num", False, rng(lo=0, hi=MAX_SECONDS)),
        },
        "order": [],
    },
}


# --------------------------------------------------------------------------------------
# CSV records (docs/contract/inputs.md): LF, CRLF or CR line ends; a quote opens a quoted
# field only at the start of a field, anywhere else it is literal; text between a closing
# quote and the next delimiter is kept literally; a quoted field open at the end of the file
# stops the run.  Python's csv module swallows that last case silently, hence this reader.
# --------------------------------------------------------------------------------------

class UnclosedQuote(Exception):
    def __init__(self, line: int):
        super().__init__(f"line {line}: a quoted field opened here is never closed")
        self.line = line


_CR_ALONE = re.compile(r"\r(?!\n)")


def _line_ends(text: str) -> int:
    return text.count("\n") + len(_CR_ALONE.findall(text))


def csv_records(text: str, delim: str = ","):
    """Yields (line, fields) for each record; a blank line yields (line, [])."""
    field_end = re.compile("[" + re.escape(delim) + "\r\n]")
    i, n, line = 0, len(text), 1
    while i < n:
        start = line
        if text[i] in "\r\n":
            i += 2 if text.startswith("\r\n", i) else 1
            line += 1
            yield start, []
            continue
        fields = []
        while True:
            if i < n and text[i] == '"':
                opened = line
                i += 1
                parts = []
                while True:
                    j = text.find('"', i)
                    if j < 0:
                        raise UnclosedQuote(opened)
                    parts.append(text[i:j])
                    line += _line_ends(text[i:j + 1])
                    if text.startswith('""', j):
                        parts.append('"')
                        i = j + 2
                        continue
                    i = j + 1
                    break
                m = field_end.search(text, i)
                k = m.start() if m else n
                parts.append(text[i:k])
                fields.append("".join(parts))
                i = k
            else:
                m = field_end.search(text, i)
                k = m.start() if m else n
                fields.append(text[i:k])
                i = k
            if i >= n:
                break
            if text[i] == delim:
                i += 1
                if i >= n:
                    fields.append("")
                    break
                continue
            i += 2 if text.startswith("\r\n", i) else 1
            line += 1
            break
        yield start, fields


def _trim(s: str) -> str:
    return s.strip(" \t")


class Source:
    def __init__(self, name):
        self.name = name
        self.header = []          # known columns present in the header
        self.rows = []            # accepted rows (dicts), file order
        self.rows_read = 0
        self.rejects = {}
        self.out_of_period = 0
        self.reject_log = []      # (line, reason, id) for --explain

    def has(self, col):
        return col in self.header

    def reject(self, reason, line=None, rid=None):
        self.rejects[reason] = self.rejects.get(reason, 0) + 1
        self.reject_log.append((line, reason, rid))

    def summary(self):
        acc = len(self.rows)
        rej = sum(self.rejects.values())
        assert acc + rej == self.rows_read
        return {
            "name": self.name,
            "rows_read": self.rows_read,
            "rows_accepted": acc,
            "rows_rejected": rej,
            "rejects": dict(sorted(self.rejects.items())),
            "out_of_period": self.out_of_period,
        }


def load(name: str, path: str, tz: ZoneInfo) -> Source:
    schema = SCHEMAS[name]
    cols = schema["cols"]
    src = Source(name)
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    # invalid UTF-8 survives as lone surrogates -> the row is rejected as bad_encoding
    text = raw.decode("utf-8", errors="surrogateescape")
    header = None
    for line, rec in csv_records(text):
        if header is None:
            if not rec:
                continue
            header = [_trim(h).lower() for h in rec]
            # first occurrence of a known column wins
            positions = []
            seen = set()
            for i, h in enumerate(header):
                if h in cols and h not in seen:
                    seen.add(h)
                    positions.append((h, i))
            src.header = [h for h, _ in positions]
            missing_required = [c for c, (_k, req, _r) in cols.items() if req and c not in seen]
            continue
        if not rec:            # blank line: skipped, not counted
            continue
        src.rows_read += 1
        if len(rec) != len(header):
            src.reject("field_count", line)
            continue
        if any(any("\udc80" <= ch <= "\udcff" for ch in v) for v in rec):
            src.reject("bad_encoding", line)
            continue
        row = {}
        reason = None
        for col, i in positions:
            kind, required, check = cols[col]
            v = _trim(rec[i])
            if v == "":
                if required:
                    reason = "missing_required"
                    break
                row[col] = None
                continue
            try:
                if kind == "str":
                    val = v
                elif kind == "ts":
                    val = parse_timestamp(v, tz)
                elif kind == "date":
                    val = parse_date(v)
                elif kind == "int":
                    val = parse_int(v)
                elif kind == "num":
                    val = parse_num(v)
                elif kind == "bool":
                    val = parse_bool(v)
                elif kind == "priority":
                    val = parse_enum(_PRIORITY)(v)
                elif kind == "channel":
                    val = parse_enum(_CHANNEL)(v)
                elif kind == "tier":
                    val = parse_enum(_TIER)(v)
                else:
                    raise AssertionError(kind)
            except BadValue as e:
                reason = e.reason
                break
            if check is not None and not check(val):
                reason = "out_of_range"
                break
            row[col] = val
        if reason is None and missing_required:
            reason = "missing_required"   # required column absent from the header
        if reason is None:
            for a, b in schema["order"]:
                if row.get(a) is not None and row.get(b) is not None and row[b] < row[a]:
                    reason = "time_order"
                    break
        if reason is not None:
            src.reject(reason, line, row.get(schema["id"]))
            continue
        row["_line"] = line
        src.rows.append(row)
    # duplicate ids among otherwise accepted rows: the later row wins
    idc = schema["id"]
    last = {}
    for i, r in enumerate(src.rows):
        last[r[idc]] = i
    kept = []
    for i, r in enumerate(src.rows):
        if last[r[idc]] == i:
            kept.append(r)
        else:
            src.reject("duplicate_id", r["_line"], r[idc])
    src.rows = kept
    return src


# --------------------------------------------------------------------------------------
# KPI computation (docs/contract/kpis.md)
# --------------------------------------------------------------------------------------

DIRECTION = {
    "tickets.volume": None,
    "tickets.growth": None,
    "frt.mean_min": "down", "frt.median_min": "down", "frt.p90_min": "down",
    "urgent.frt_attainment": "up",
    "resolution.mean_h": "down", "resolution.median_h": "down", "resolution.p90_h": "down",
    "sla.overdue_rate": "down",
    "fcr.rate": "up",
    "repeat.rate": "down",
    "complaint.rate": "down",
    "aht.mean_min": "down",
    "survey.responses": None,
    "csat.rate": "up",
    "nps.score": "up",
    "csat.key_rate": "up",
    "staff.avg_headcount": None,
    "staff.hires": None,
    "staff.leavers": None,
    "staff.attrition_rate": "down",
    "staff.attrition_annualized": "down",
    "staff.core_attrition_rate": "down",
    "calls.offered": None,
    "calls.service_level": "up",
    "calls.abandon_rate": "down",
    "calls.asa_sec": "down",
    "calls.aht_min": "down",
}
KPI_IDS = list(DIRECTION)

URGENT_RESPONSE_MIN = 5
SLA_HOURS = {"urgent": 4, "high": 8, "normal": 24, "low": 72}
REPEAT_WINDOW_DAYS = 7
SHORT_ABANDON_SEC = 5
SERVICE_LEVEL_SEC = 30


def percentile_inc(sorted_vals, p):
    n = len(sorted_vals)
    if n == 0:
        return None
    h = (n - 1) * p
    lo = math.floor(h)
    if lo >= n - 1:
        return sorted_vals[n - 1]
    return sorted_vals[lo] + (h - lo) * (sorted_vals[lo + 1] - sorted_vals[lo])


def mean(vals):
    return math.fsum(vals) / len(vals) if vals else None


def ratio(num, den):
    return num / den if den else None


class Period:
    """A span of local months [first_month, last_month] (inclusive) of one run."""

    def __init__(self, tz, y0, m0, y1, m1):
        self.months = []
        y, m = y0, m0
        while (y, m) <= (y1, m1):
            self.months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.start_date = dt.date(y0, m0, 1)
        self.end_date = dt.date(y1 + (m1 == 12), 1 if m1 == 12 else m1 + 1, 1)  # exclusive
        self.start = local_to_us(tz, y0, m0, 1)
        self.end = local_to_us(tz, self.end_date.year, self.end_date.month, 1)


class Engine:
    def __init__(self, tz, as_of, tickets, surveys, agents, calls):
        self.tz = tz
        self.as_of = as_of
        self.as_of_date = (EPOCH + dt.timedelta(microseconds=as_of)).astimezone(tz).date()
        self.T, self.S, self.A, self.C = tickets, surveys, agents, calls
        # tickets sorted by creation for period slicing
        self.tickets = sorted(tickets.rows, key=lambda r: r["created_at"])
        self.t_created = [r["created_at"] for r in self.tickets]
        # repeat: per customer sorted creation instants over all accepted tickets
        self.by_customer = {}
        for r in self.tickets:
            c = r.get("customer_id")
            if c is not None:
                self.by_customer.setdefault(c, []).append(r["created_at"])
        # key-tier ticket ids (any period)
        self.key_ids = {r["ticket_id"] for r in tickets.rows if r.get("customer_tier") == "key"}
        if surveys:
            self.surveys = sorted(surveys.rows, key=lambda r: r["submitted_at"])
            self.s_at = [r["submitted_at"] for r in self.surveys]
        if calls:
            self.calls = sorted(calls.rows, key=lambda r: r["offered_at"])
            self.c_at = [r["offered_at"] for r in self.calls]

    def date_before_as_of(self, d: dt.date) -> bool:
        return local_to_us(self.tz, d.year, d.month, d.day) < self.as_of

    def _slice(self, keys, rows, p: Period):
        hi = min(p.end, self.as_of)
        if hi <= p.start:
            return []
        i = bisect.bisect_left(keys, p.start)
        j = bisect.bisect_left(keys, hi)
        return rows[i:j]

    # ---- tickets ----
    def ticket_kpis(self, p: Period):
        as_of = self.as_of
        rows = self._slice(self.t_created, self.tickets, p)
        out = {"tickets.volume": len(rows)}
        frt = []
        res = []
        urg_n = urg_hit = 0
        ev = od = 0
        fcr_n = fcr_ok = 0
        rep_n = rep_hit = 0
        comp = 0
        aht = []
        win = REPEAT_WINDOW_DAYS * 86400 * US
        for r in rows:
            c = r["created_at"]
            fr = r.get("first_response_at")
            if fr is not None and fr >= as_of:
                fr = None
            rs = r.get("resolved_at")
            if rs is not None and rs >= as_of:
                rs = None
            if fr is not None:
                frt.append((fr - c) / (60 * US))
            pr = r.get("priority") or "normal"
            if pr == "urgent" and c + URGENT_RESPONSE_MIN * 60 * US <= as_of:
                urg_n += 1
                if fr is not None and fr - c <= URGENT_RESPONSE_MIN * 60 * US:
                    urg_hit += 1
            if rs is not None:
                res.append((rs - c) / (3600 * US))
            due = r.get("due_at")
            if due is None:
                due = c + SLA_HOURS[pr] * 3600 * US
            if rs is not None:
                ev += 1
                if rs > due:
                    od += 1
            elif due <= as_of:
                ev += 1
                od += 1
            if rs is not None:
                fcr_n += 1
                ct, ro = r.get("contacts"), r.get("reopens")
                if (ct is None or ct <= 1) and (ro is None or ro == 0):
                    fcr_ok += 1
            cust = r.get("customer_id")
            if cust is not None:
                rep_n += 1
                lst = self.by_customer[cust]
                i = bisect.bisect_left(lst, c - win)
                if i < len(lst) and lst[i] < c:
                    rep_hit += 1
            if r.get("complaint"):
                comp += 1
            h = r.get("handle_time_sec")
            if h is not None:
                aht.append(h / 60)
        frt.sort()
        res.sort()
        out["frt.mean_min"] = mean(frt)
        out["frt.median_min"] = percentile_inc(frt, 0.5)
        out["frt.p90_min"] = percentile_inc(frt, 0.9)
        out["urgent.frt_attainment"] = ratio(urg_hit, urg_n)
        out["resolution.mean_h"] = mean(res)
        out["resolution.median_h"] = percentile_inc(res, 0.5)
        out["resolution.p90_h"] = percentile_inc(res, 0.9)
        out["sla.overdue_rate"] = ratio(od, ev)
        T = self.T
        out["fcr.rate"] = (ratio(fcr_ok, fcr_n)
                           if (T.has("contacts") or T.has("reopens")) else None)
        out["repeat.rate"] = ratio(rep_hit, rep_n) if T.has("customer_id") else None
        out["complaint.rate"] = ratio(comp, len(rows)) if T.has("complaint") else None
        out["aht.mean_min"] = mean(aht)
        return out

    # ---- surveys ----
    def survey_kpis(self, p: Period):
        if self.S is None:
            return {k: None for k in ("survey.responses", "csat.rate", "nps.score",
                                      "csat.key_rate")}
        rows = self._slice(self.s_at, self.surveys, p)
        cs = [r["csat"] for r in rows if r.get("csat") is not None]
        ns = [r["nps"] for r in rows if r.get("nps") is not None]
        ks = [r["csat"] for r in rows
              if r.get("csat") is not None and r.get("ticket_id") in self.key_ids]
        return {
            "survey.responses": len(rows),
            "csat.rate": ratio(sum(1 for v in cs if v >= 4), len(cs)),
            "nps.score": (100 * (sum(1 for v in ns if v >= 9) - sum(1 for v in ns if v <= 6))
                          / len(ns)) if ns else None,
            "csat.key_rate": ratio(sum(1 for v in ks if v >= 4), len(ks)),
        }

    # ---- staff ----
    @staticmethod
    def _active(a, d):
        return a["hired_at"] <= d and (a.get("left_at") is None or a["left_at"] > d)

    def staff_kpis(self, p: Period):
        keys = ("staff.avg_headcount", "staff.hires", "staff.leavers", "staff.attrition_rate",
                "staff.attrition_annualized", "staff.core_attrition_rate")
        if self.A is None:
            return {k: None for k in keys}
        agents = self.A.rows
        core_agents = [a for a in agents if a.get("core")]
        months = [(y, m) for (y, m) in p.months if local_to_us(self.tz, y, m, 1) < self.as_of]
        hc_avgs = []
        attr = 0.0
        attr_any = False
        cattr = 0.0
        cattr_any = False
        for (y, m) in months:
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), 1 if m == 12 else m + 1, 1)
            cap = min(nxt, self.as_of_date)

            def avg_hc(pop):
                return (sum(1 for a in pop if self._active(a, first))
                        + sum(1 for a in pop if self._active(a, cap))) / 2

            def leavers(pop):
                return sum(1 for a in pop
                           if a.get("left_at") is not None and first <= a["left_at"] < nxt
                           and self.date_before_as_of(a["left_at"]))

            h = avg_hc(agents)
            hc_avgs.append(h)
            if h > 0:
                attr += leavers(agents) / h
                attr_any = True
            ch = avg_hc(core_agents)
            if ch > 0:
                cattr += leavers(core_agents) / ch
                cattr_any = True
        hires = sum(1 for a in agents
                    if p.start_date <= a["hired_at"] < p.end_date
                    and self.date_before_as_of(a["hired_at"]))
        lv = sum(1 for a in agents
                 if a.get("left_at") is not None and p.start_date <= a["left_at"] < p.end_date
                 and self.date_before_as_of(a["left_at"]))
        rate = attr if attr_any else None
        return {
            "staff.avg_headcount": mean(hc_avgs),
            "staff.hires": hires,
            "staff.leavers": lv,
            "staff.attrition_rate": rate,
            "staff.attrition_annualized": (rate * 12 / len(months)
                                           if rate is not None and months else None),
            "staff.core_attrition_rate": ((cattr if cattr_any else None)
                                          if self.A.has("core") else None),
        }

    # ---- calls ----
    def call_kpis(self, p: Period):
        keys = ("calls.offered", "calls.service_level", "calls.abandon_rate", "calls.asa_sec",
                "calls.aht_min")
        if self.C is None:
            return {k: None for k in keys}
        rows = self._slice(self.c_at, self.calls, p)
        short = sum(1 for r in rows if not r["answered"] and r["wait_sec"] < SHORT_ABANDON_SEC)
        handled = len(rows) - short
        ans = [r for r in rows if r["answered"]]
        sl = sum(1 for r in ans if r["wait_sec"] <= SERVICE_LEVEL_SEC)
        ab = sum(1 for r in rows if not r["answered"] and r["wait_sec"] >= SHORT_ABANDON_SEC)
        hs = [r["handle_sec"] / 60 for r in ans if r.get("handle_sec") is not None]
        return {
            "calls.offered": len(rows),
            "calls.service_level": ratio(sl, handled),
            "calls.abandon_rate": ratio(ab, handled),
            "calls.asa_sec": mean([r["wait_sec"] for r in ans]),
            "calls.aht_min": mean(hs),
        }

    def kpis(self, p: Period):
        out = {}
        out.update(self.ticket_kpis(p))
        out.update(self.survey_kpis(p))
        out.update(self.staff_kpis(p))
        out.update(self.call_kpis(p))
        return out


def yoy(cur: dict, prev: dict) -> dict:
    res = {}
    for k in KPI_IDS:
        if k == "tickets.growth":
            continue
        c, p = cur.get(k), prev.get(k)
        change = c - p if (c is not None and p is not None) else None
        change_pct = change / abs(p) if (change is not None and p != 0) else None
        d = DIRECTION[k]
        if d is None or change is None:
            better = None
        elif d == "up":
            better = change > 0
        else:
            better = change < 0
        res[k] = {"current": c, "previous": p, "change": change, "change_pct": change_pct,
                  "better": better}
    g = res["tickets.volume"]["change_pct"]
    res["tickets.growth"] = {"current": g, "previous": None, "change": None,
                             "change_pct": None, "better": None}
    return {k: res[k] for k in KPI_IDS}


# --------------------------------------------------------------------------------------
# Next-year targets and year-end status (docs/contract/kpis.md "Next-year targets",
# docs/contract/summary-json.md "status"); the default benchmarks and warning lines and the
# achievability rule are the project's documented choices (docs/targets.md).
# --------------------------------------------------------------------------------------

# kpi id: (benchmark, warning line)
DEFAULT_TARGETS = {
    "frt.mean_min": (60.0, None), "frt.median_min": (10.0, None), "frt.p90_min": (240.0, None),
    "urgent.frt_attainment": (0.95, 0.90),
    "resolution.mean_h": (24.0, None), "resolution.median_h": (8.0, None),
    "resolution.p90_h": (72.0, None),
    "sla.overdue_rate": (0.05, 0.10), "fcr.rate": (0.80, 0.70), "repeat.rate": (0.20, None),
    "complaint.rate": (0.01, None), "aht.mean_min": (6.0, None),
    "csat.rate": (0.85, 0.85), "nps.score": (50.0, 0.0), "csat.key_rate": (0.85, 0.85),
    "staff.attrition_rate": (0.15, 0.15), "staff.attrition_annualized": (0.15, 0.15),
    "staff.core_attrition_rate": (0.10, 0.15),
    "calls.service_level": (0.80, 0.70), "calls.abandon_rate": (0.05, 0.08),
    "calls.asa_sec": (28.0, 60.0), "calls.aht_min": (6.0, None),
}
GAP_CLOSURE = 0.5
MIN_MONTH_OBSERVATIONS = 30
# the monthly series that counts a KPI's observations; staff KPIs: annual change only
OBSERVATIONS = {"tickets": "tickets.volume", "surveys": "survey.responses", "calls": "calls.offered"}


def kpi_source(k: str) -> str:
    if k.startswith("staff."):
        return "agents"
    if k.startswith("calls."):
        return "calls"
    if k in ("survey.responses", "csat.rate", "nps.score", "csat.key_rate"):
        return "surveys"
    return "tickets"


def gain(d: str, frm: float, to: float) -> float:
    """Improvement in the good direction from `frm` to `to`."""
    return to - frm if d == "up" else frm - to


def achievable(k: str, entry: dict, monthly: dict, year: int) -> float:
    d = DIRECTION[k]
    best = 0.0
    if entry["current"] is not None and entry["previous"] is not None:
        best = max(best, gain(d, entry["previous"], entry["current"]))
    counts = monthly.get(OBSERVATIONS.get(kpi_source(k), ""), None)
    if counts is None:
        return best
    series = monthly.get(k, {})
    for m in range(1, 13):
        a, b = f"{year - 1:04d}-{m:02d}", f"{year:04d}-{m:02d}"
        va, vb = series.get(a), series.get(b)
        if va is None or vb is None:
            continue
        if (counts.get(a) or 0) < MIN_MONTH_OBSERVATIONS or (counts.get(b) or 0) < MIN_MONTH_OBSERVATIONS:
            continue
        best = max(best, gain(d, va, vb))
    return best


def year_end_targets(kpis: dict, monthly: dict, year: int) -> None:
    """Adds `target` {value, basis, stretch, warning} and `status` to each KPI with a direction."""
    for k, e in kpis.items():
        d = DIRECTION[k]
        cur = e["current"]
        if d is None or cur is None:
            continue
        bench, warn = DEFAULT_TARGETS[k]
        meets = (lambda v, line: v >= line) if d == "up" else (lambda v, line: v <= line)
        if bench is None or meets(cur, bench):
            value, basis = cur, "maintain"
        else:
            value, basis = cur + GAP_CLOSURE * (bench - cur), "gap_closure"
        if warn is not None and not meets(value, warn):
            value, basis = warn, "warning_line"
        stretch = gain(d, cur, value) > achievable(k, e, monthly, year)
        e["target"] = {"value": value, "basis": basis, "stretch": stretch, "warning": warn}
        if warn is not None:
            e["status"] = "ok" if meets(cur, warn) else "alert"


def fmt_instant(us: int, tz: ZoneInfo) -> str:
    t = (EPOCH + dt.timedelta(microseconds=us)).astimezone(tz)
    return t.isoformat()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--timezone", default="UTC")
    ap.add_argument("--as-of")
    ap.add_argument("--month", type=int)
    ap.add_argument("--tickets", required=True)
    ap.add_argument("--surveys")
    ap.add_argument("--agents")
    ap.add_argument("--calls")
    ap.add_argument("--config", help="report definition: its [staffing] section (staffing_reference.py)")
    ap.add_argument("--growth")
    ap.add_argument("--deflection")
    ap.add_argument("--scorecard", action="append", metavar="KEY=VALUE",
                    help="a [scorecard] setting (scorecards_reference.py), repeatable")
    ap.add_argument("--explain", action="store_true",
                    help="list every rejected row (source, line, reason) on stderr")
    a = ap.parse_args(argv)
    tz = ZoneInfo(a.timezone)
    Y = a.year

    if a.month:
        M = a.month
        end = (Y + 1, 1) if M == 12 else (Y, M + 1)
    else:
        end = (Y + 1, 1)
    if a.as_of:
        try:
            as_of = parse_timestamp(a.as_of.strip(), tz)
        except BadValue:
            d = parse_date(a.as_of.strip())
            as_of = local_to_us(tz, d.year, d.month, d.day)
    else:
        as_of = local_to_us(tz, end[0], end[1], 1)

    try:
        T = load("tickets", a.tickets, tz)
        S = load("surveys", a.surveys, tz) if a.surveys else None
        A = load("agents", a.agents, tz) if a.agents else None
        C = load("calls", a.calls, tz) if a.calls else None
    except UnclosedQuote as e:
        print(f"kpi_reference: {e}", file=sys.stderr)
        return 3

    # out_of_period: accepted rows outside [Jan 1 of year-1 local, as_of)
    lo = local_to_us(tz, Y - 1, 1, 1)
    lo_date = dt.date(Y - 1, 1, 1)
    for src, col in ((T, "created_at"), (S, "submitted_at"), (C, "offered_at")):
        if src is not None:
            src.out_of_period = sum(1 for r in src.rows if not (lo <= r[col] < as_of))
    if A is not None:
        def employed(r):
            h = r["hired_at"]
            if local_to_us(tz, h.year, h.month, h.day) >= as_of:
                return False
            if r.get("left_at") is not None and r["left_at"] <= lo_date:
                return False
            return True
        A.out_of_period = sum(1 for r in A.rows if not employed(r))

    if a.explain:
        for s in (T, S, A, C):
            if s is not None:
                for line, reason, rid in sorted(s.reject_log, key=lambda x: x[0] or 0):
                    print(f"{s.name}\tline {line}\t{reason}\t{rid if rid is not None else ''}",
                          file=sys.stderr)

    eng = Engine(tz, as_of, T, S, A, C)

    if a.month:
        M = a.month
        cur = Period(tz, Y, M, Y, M)
        prev = Period(tz, Y - 1, M, Y - 1, M)
        report = {"kind": "monthly", "period": f"{Y:04d}-{M:02d}",
                  "previous_period": f"{Y - 1:04d}-{M:02d}"}
    else:
        cur = Period(tz, Y, 1, Y, 12)
        prev = Period(tz, Y - 1, 1, Y - 1, 12)
        report = {"kind": "year-end", "period": f"{Y:04d}", "previous_period": f"{Y - 1:04d}"}
    report["as_of"] = fmt_instant(as_of, tz)
    report["timezone"] = a.timezone

    out = {"report": report,
           "sources": [s.summary() for s in (T, S, A, C) if s is not None],
           "kpis": yoy(eng.kpis(cur), eng.kpis(prev))}
    if a.month:
        out["ytd"] = yoy(eng.kpis(Period(tz, Y, 1, Y, a.month)),
                         eng.kpis(Period(tz, Y - 1, 1, Y - 1, a.month)))

    # monthly: each month of both compared years that has started by as_of
    monthly = {k: {} for k in KPI_IDS if k != "tickets.growth"}
    for y in (Y - 1, Y):
        for m in range(1, 13):
            if local_to_us(tz, y, m, 1) >= as_of:
                continue
            vals = eng.kpis(Period(tz, y, m, y, m))
            for k in monthly:
                monthly[k][f"{y:04d}-{m:02d}"] = vals[k]
    out["monthly"] = monthly
    if not a.month:
        year_end_targets(out["kpis"], monthly, Y)
    if not a.month:  # year-end: next year's staffing plan
        import staffing_reference
        given = staffing_reference.read_settings(a.config, a.growth, a.deflection)
        out["staffing"] = staffing_reference.plan(
            Y, tz, as_of, T.rows, C.rows if C else None, A.rows if A else None, out["kpis"], given,
            SHORT_ABANDON_SEC, SERVICE_LEVEL_SEC)
        sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
        import scorecards_reference as sc
        out["scorecards"] = sc.scorecards_block(Engine, tz, as_of, cur, T, S, A, sc.parse_settings(a.scorecard))

    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
