/**
 * Survey answers per second, one server instance: pre-generated households (each with its own
 * valid code) answer through POST /api/public/surveys/{code}/answers under a bounded loopback
 * load (autocannon in a process of its own, bench/load.ts; a fixed number of requests, one per code), beside
 * /api/health measured by the same function in the same run. All load comes from 127.0.0.1, so
 * the per-address rate limit is lifted for the measurement (TIEUCHI_SURVEY_RATE_LIMIT).
 *
 *   node --import tsx bench/surveys.ts      (fresh PGlite with the test fixtures, prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActorNamed } from '../src/access/index.ts';
import { type Db, openDb } from '../src/db/database.ts';
import { startServer } from '../src/server.ts';
import { hashCode, newCode } from '../src/surveys/households.ts';
import { runLoad } from './load.ts';

const CONNECTIONS = 10;
const ANSWERS = Number(process.env.BENCH_SURVEY_ANSWERS ?? 2000);
const HEALTH_REQUESTS = 5000;
const log = (m: string) => process.stderr.write(`${m}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  non2xx: number;
  errors: number;
}

/**
 * The load (bench/load.ts): autocannon for a fixed number of requests; each answer request takes
 * the next unused code.
 */
const loadScript = `
const times = [];
let next = 0;
const opts = { url: load.url, connections: load.connections, amount: load.amount };
if (load.codes) {
  opts.method = 'POST';
  opts.headers = { 'content-type': 'application/json' };
  opts.body = load.body;
  opts.requests = [{ setupRequest: (req) => ({ ...req, path: '/api/public/surveys/' + load.codes[next++] + '/answers' }) }];
}
const t0 = process.hrtime.bigint();
const instance = autocannon(opts, (err, result) => {
  if (err) throw err;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  done({ requests: times.length, seconds, rps: times.length / seconds, p50: q(0.5), p95: q(0.95),
    non2xx: result.non2xx, errors: result.errors });
});
instance.on('response', (_client, status, _bytes, time) => { if (status < 300) times.push(time); });
`;

function load(settings: Record<string, unknown>): Promise<LoadResult> {
  return runLoad<LoadResult>(loadScript, { connections: CONNECTIONS, ...settings });
}

/** A stand-alone campaign on the first unit, `n` households in 10 villages, their codes. */
async function seedCampaign(db: Db, n: number): Promise<{ codes: string[]; body: string }> {
  const [unit] = await db.query<{ code: string }>('SELECT code FROM units ORDER BY code LIMIT 1');
  const [c] = await db.query<{ id: number }>(
    `INSERT INTO survey_campaigns (unit_code, title, opens_at, closes_at, created_by)
     VALUES ($1, 'Bench', now() - interval '1 hour', now() + interval '1 day', 'bench') RETURNING id`,
    [unit!.code],
  );
  const id = c!.id;
  const questions: number[] = [];
  for (let i = 0; i < 20; i++)
    questions.push(
      (
        await db.query<{ id: number }>(
          `INSERT INTO survey_questions (campaign_id, position, kind, criterion_no, text) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [id, i, i === 0 ? 'overall' : 'criterion', i === 0 ? null : String(i), `Câu hỏi ${i}`],
        )
      )[0]!.id,
    );
  const villages: number[] = [];
  for (let v = 0; v < 10; v++)
    villages.push(
      (
        await db.query<{ id: number }>(
          'INSERT INTO survey_villages (campaign_id, name) VALUES ($1, $2) RETURNING id',
          [id, `Thôn ${v + 1}`],
        )
      )[0]!.id,
    );
  const codes = Array.from({ length: n }, () => newCode());
  await db.query(
    `INSERT INTO survey_households (campaign_id, village_id, household, code, code_hash)
     SELECT $1, t.v, t.h, t.c, t.x FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(v, h, c, x)`,
    [id, codes.map((_, i) => villages[i % 10]!), codes.map((_, i) => `H${i}`), codes, codes.map(hashCode)],
  );
  const body = JSON.stringify({
    answers: questions.map((q, i) => ({ question_id: q, choice: i % 3 === 0 ? 'no_opinion' : 'satisfied' })),
  });
  return { codes, body };
}

/** The survey figures of `npm run bench` on a migrated database that has units. */
export async function measureSurveys(db: Db): Promise<Record<string, number>> {
  const previous = process.env.TIEUCHI_SURVEY_RATE_LIMIT;
  process.env.TIEUCHI_SURVEY_RATE_LIMIT = String(10 * ANSWERS);
  const server = await startServer(db, { port: 0, host: '127.0.0.1' });
  if (previous === undefined) delete process.env.TIEUCHI_SURVEY_RATE_LIMIT;
  else process.env.TIEUCHI_SURVEY_RATE_LIMIT = previous;
  try {
    const warm = await seedCampaign(db, 200);
    const { codes, body } = await seedCampaign(db, ANSWERS);
    log(
      `  surveys: ${CONNECTIONS} connections, ${ANSWERS} answers (20 questions each), /api/health ${HEALTH_REQUESTS} requests`,
    );
    await load({ url: `${server.url}/api/health`, amount: 1000 });
    const health = await load({ url: `${server.url}/api/health`, amount: HEALTH_REQUESTS });
    await load({ url: server.url, amount: warm.codes.length, codes: warm.codes, body: warm.body });
    const answers = await load({ url: server.url, amount: codes.length, codes, body });
    const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_answers');
    if (answers.non2xx > 0 || answers.errors > 0 || stored!.n !== ANSWERS + warm.codes.length)
      throw new Error(
        `survey answers: ${answers.non2xx} non-2xx, ${answers.errors} errors, ${stored!.n} stored`,
      );
    log(
      `  /api/health: ${Math.round(health.rps)} req/s (p95 ${round(health.p95)} ms); answers: ${Math.round(answers.rps)} /s (p50 ${round(answers.p50)} ms, p95 ${round(answers.p95)} ms)`,
    );
    return {
      survey_answers_per_s: Math.round(answers.rps),
      survey_answer_p50_ms: round(answers.p50, 2),
      survey_answer_p95_ms: round(answers.p95, 2),
      survey_health_rps: Math.round(health.rps),
      survey_answers_measured: answers.requests,
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-surveys-'));
  const db = await openDb({ dataDir: join(dir, 'db') });
  try {
    const { importUnits } = await import('../src/units/import.ts');
    await importUnits(db, {
      path: join(import.meta.dirname, '..', 'test', 'fixtures', 'units-small.csv'),
      actor: systemActorNamed('bench'),
    });
    console.log(JSON.stringify({ database: db.kind, ...(await measureSurveys(db)) }));
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
