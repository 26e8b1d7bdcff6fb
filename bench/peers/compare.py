#!/usr/bin/env python3
"""Compare a peer's KPIs (bench/peers/*_kpis.*) with cskpi's summary JSON.

  python3 bench/peers/compare.py SUMMARY.json PEER.json [--rel 1e-9]

Checks current and previous of every KPI id the peer reports; prints each difference and a
final line "N agree, M differ"; exits 1 when any differs.
"""
import argparse
import json
import math
import sys


def same(a, b, rel):
    if a is None or b is None:
        return a is None and b is None
    return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("summary")
    ap.add_argument("peer")
    ap.add_argument("--rel", type=float, default=1e-9)
    a = ap.parse_args()
    with open(a.summary) as f:
        cskpi = json.load(f)["kpis"]
    with open(a.peer) as f:
        peer = json.load(f)["kpis"]
    agree = differ = 0
    for kpi, values in sorted(peer.items()):
        for field in ("current", "previous"):
            want = cskpi.get(kpi, {}).get(field)
            got = values.get(field)
            if same(want, got, a.rel):
                agree += 1
            else:
                differ += 1
                print(f"DIFFER {kpi} {field}: cskpi={want!r} peer={got!r}")
    print(f"{agree} agree, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
