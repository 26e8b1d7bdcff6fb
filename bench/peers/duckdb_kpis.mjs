// The ticket and survey KPIs of docs/contract/kpis.md for one report year and the year before,
// computed by DuckDB (@duckdb/node-api) from the same CSV exports cskpi reads. A benchmark
// peer, not a second implementation of cskpi: see docs/benchmarks.md for what it leaves out.
//
//   node bench/peers/duckdb_kpis.mjs --tickets T.csv --surveys S.csv --year 2026 [--threads N] [--out F.json]
//
// Prints (or writes) {"kpis": {id: {"current": x, "previous": y}}}, the shape of the "kpis"
// block of cskpi's summary JSON, for bench/peers/compare.py.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
for (const required of ['tickets', 'surveys', 'year']) {
  if (!args[required]) {
    console.error(`usage: duckdb_kpis.mjs --tickets T.csv --surveys S.csv --year YYYY [--threads N] [--out F.json]`);
    process.exit(2);
  }
}
const year = Number(args.year);
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

// Naive local timestamps: the generated exports have no offsets, and Asia/Shanghai has no
// daylight-saving time, so local differences are absolute durations and as_of is
// year+1-01-01 00:00 local. Defaults of docs/contract/kpis.md: urgent reply 5 min, SLA
// hours urgent 4 / high 8 / normal 24 / low 72, repeat window 7 days.
const asOf = `TIMESTAMP '${year + 1}-01-01 00:00:00'`;
const first = `TIMESTAMP '${year - 1}-01-01 00:00:00'`;
const ts = `timestampformat = '%Y-%m-%d %H:%M:%S'`;

// Rows that cannot be typed (ignore_errors: a day-first created_at, a bad number) are
// dropped, as cskpi rejects them; the range and time-order rules of docs/contract/inputs.md
// that the generated data exercises are applied in WHERE; a repeated id keeps one row.
const sql = `
WITH raw AS (
  SELECT * FROM read_csv(${quote(args.tickets)}, header = true, ${ts}, ignore_errors = true, columns = {
    'ticket_id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'first_response_at': 'TIMESTAMP',
    'resolved_at': 'TIMESTAMP', 'due_at': 'TIMESTAMP', 'priority': 'VARCHAR', 'channel': 'VARCHAR',
    'category': 'VARCHAR', 'team': 'VARCHAR', 'agent_id': 'VARCHAR', 'customer_id': 'VARCHAR',
    'customer_tier': 'VARCHAR', 'contacts': 'INTEGER', 'reopens': 'INTEGER', 'complaint': 'BOOLEAN',
    'handle_time_sec': 'DOUBLE'})
),
valid AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, created_at, first_response_at, resolved_at, due_at, priority,
         customer_id, contacts, reopens, complaint, handle_time_sec
  FROM raw
  WHERE created_at IS NOT NULL
    AND (first_response_at IS NULL OR first_response_at >= created_at)
    AND (resolved_at IS NULL OR resolved_at >= created_at)
    AND (contacts IS NULL OR contacts BETWEEN 1 AND 1000)
    AND (reopens IS NULL OR reopens BETWEEN 0 AND 1000)
    AND (handle_time_sec IS NULL OR handle_time_sec BETWEEN 0 AND 86400)
),
facts AS (
  SELECT year(created_at) AS y,
         CASE WHEN first_response_at < ${asOf} THEN epoch(first_response_at - created_at) / 60 END AS frt_min,
         CASE WHEN resolved_at < ${asOf} THEN epoch(resolved_at - created_at) / 3600 END AS resolution_h,
         priority = 'urgent' AND created_at + INTERVAL 5 MINUTE <= ${asOf} AS urgent_eligible,
         priority = 'urgent' AND created_at + INTERVAL 5 MINUTE <= ${asOf} AND first_response_at < ${asOf}
           AND first_response_at - created_at <= INTERVAL 5 MINUTE AS urgent_met,
         resolved_at < ${asOf} AS is_resolved,
         coalesce(due_at, created_at + to_hours(CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 8
                                                              WHEN 'low' THEN 72 ELSE 24 END)) AS due,
         resolved_at, customer_id, contacts, reopens, complaint, handle_time_sec,
         customer_id IS NOT NULL AND max(created_at) OVER (
           PARTITION BY customer_id ORDER BY created_at
           RANGE BETWEEN INTERVAL 7 DAY PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING) IS NOT NULL AS is_repeat
  FROM valid
  WHERE created_at >= ${first} AND created_at < ${asOf}
)
SELECT y,
  count(*)::DOUBLE AS "tickets.volume",
  avg(frt_min) AS "frt.mean_min",
  quantile_cont(frt_min, 0.5) AS "frt.median_min",
  quantile_cont(frt_min, 0.9) AS "frt.p90_min",
  count(*) FILTER (urgent_met) / nullif(count(*) FILTER (urgent_eligible), 0) AS "urgent.frt_attainment",
  avg(resolution_h) AS "resolution.mean_h",
  quantile_cont(resolution_h, 0.5) AS "resolution.median_h",
  quantile_cont(resolution_h, 0.9) AS "resolution.p90_h",
  count(*) FILTER (CASE WHEN is_resolved THEN resolved_at > due ELSE due <= ${asOf} END)
    / nullif(count(*) FILTER (is_resolved OR due <= ${asOf}), 0) AS "sla.overdue_rate",
  count(*) FILTER (is_resolved AND coalesce(contacts, 0) <= 1 AND coalesce(reopens, 0) <= 0)
    / nullif(count(*) FILTER (is_resolved), 0) AS "fcr.rate",
  count(*) FILTER (is_repeat) / nullif(count(customer_id), 0) AS "repeat.rate",
  count(*) FILTER (complaint) / count(*) AS "complaint.rate",
  avg(handle_time_sec) / 60 AS "aht.mean_min"
FROM facts GROUP BY y ORDER BY y`;

const surveySql = `
WITH raw AS (
  SELECT * FROM read_csv(${quote(args.surveys)}, header = true, ${ts}, ignore_errors = true, columns = {
    'survey_id': 'VARCHAR', 'submitted_at': 'TIMESTAMP', 'ticket_id': 'VARCHAR', 'csat': 'INTEGER',
    'nps': 'INTEGER', 'comment': 'VARCHAR'})
),
valid AS (
  SELECT DISTINCT ON (survey_id) submitted_at, csat, nps FROM raw
  WHERE submitted_at IS NOT NULL AND (csat IS NULL OR csat BETWEEN 1 AND 5) AND (nps IS NULL OR nps BETWEEN 0 AND 10)
)
SELECT year(submitted_at) AS y,
  count(*)::DOUBLE AS "survey.responses",
  count(*) FILTER (csat >= 4) / nullif(count(csat), 0) AS "csat.rate",
  100 * (count(*) FILTER (nps >= 9) - count(*) FILTER (nps <= 6)) / nullif(count(nps), 0) AS "nps.score"
FROM valid WHERE submitted_at >= ${first} AND submitted_at < ${asOf} GROUP BY y ORDER BY y`;

const instance = await DuckDBInstance.create(':memory:', args.threads ? { threads: String(args.threads) } : {});
const connection = await instance.connect();
const kpis = {};
for (const query of [sql, surveySql]) {
  const reader = await connection.runAndReadAll(query);
  for (const row of reader.getRowObjects()) {
    const slot = Number(row.y) === year ? 'current' : Number(row.y) === year - 1 ? 'previous' : null;
    if (!slot) continue;
    for (const [id, value] of Object.entries(row)) {
      if (id === 'y') continue;
      kpis[id] ??= { current: null, previous: null };
      kpis[id][slot] = value === null ? null : Number(value);
    }
  }
}
const text = JSON.stringify({ kpis }, null, 1) + '\n';
if (args.out) writeFileSync(args.out, text);
else process.stdout.write(text);
