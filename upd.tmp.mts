import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActorNamed } from './src/access/index.ts';
import { type Db, openDb } from './src/db/database.ts';
import { setValues } from './src/values/import.ts';
import { seedScaled } from './bench/scaled.ts';
import { PERIODS } from './bench/seed.ts';
import { COMMUNES, communeCode, INDICATORS, measureId, syntheticValue } from './bench/synthetic.ts';
import { startPostgres, createDatabase } from './test/support/postgres.ts';
const kind = process.argv[2] ?? 'pglite';
let db: Db;
let pg: any;
if (kind === 'postgres') { pg = await startPostgres(); const url = await createDatabase(pg.url, 'upd_bench'); if (process.env.GENERIC) { const d0 = await openDb({ databaseUrl: url, migrate: false }); await d0.exec('ALTER DATABASE upd_bench SET plan_cache_mode = force_generic_plan'); await d0.close(); } db = await openDb({ databaseUrl: url }); }
else db = await openDb({ dataDir: join(mkdtempSync(join(tmpdir(), 'upd-')), 'db') });
const period = PERIODS[PERIODS.length - 1]!;
await seedScaled(db, period);
const spent = new Map<string, number[]>();
let cur: Map<string, number> | null = null;
function profiled(d: Db): Db {
  const timed = async <T>(sql: string, f: () => Promise<T>) => { const t = performance.now(); try { return await f(); } finally { if (cur) { const k = sql.replace(/\s+/g, ' ').trim().slice(0, 70); cur.set(k, (cur.get(k) ?? 0) + performance.now() - t); } } };
  return { kind: d.kind, query: (s, p) => timed(s, () => d.query(s, p)), exec: (s) => timed(s, () => d.exec(s)), copyFrom: d.copyFrom.bind(d), copyTo: d.copyTo.bind(d), transaction: (fn) => timed('TX total', () => d.transaction((tx) => fn(profiled(tx)))), onCommit: (fn) => d.onCommit(fn), close: () => d.close() } as Db;
}
const pdb = profiled(db);
const totals: number[] = [];
for (let u = 0; u < 300; u++) {
  const c = (u * 7919) % COMMUNES, i = (u * 31) % INDICATORS;
  cur = u >= 100 ? new Map() : null;
  const t = performance.now();
  await setValues(pdb, { values: [{ unitCode: communeCode(c), indicator: measureId(i), period, value: syntheticValue(c, i, 1000 + u) }], actor: systemActorNamed('bench') });
  if (cur) { totals.push(performance.now() - t); for (const [k, v] of cur) spent.set(k, [...(spent.get(k) ?? []), v]); }
}
console.log(totals.map((x) => x.toFixed(0)).join(" "));
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!;
console.log(kind, 'p50', q(totals, 0.5).toFixed(2), 'p95', q(totals, 0.95).toFixed(2));
for (const [k, v] of [...spent].sort((a, b) => q(b[1], 0.5) - q(a[1], 0.5))) console.log(q(v, 0.5).toFixed(2), q(v, 0.95).toFixed(2), v.length, k);
await db.close();
if (pg) await pg.stop();
