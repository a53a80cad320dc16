/**
 * The data-quality list at national scale (issue 16): the first page of every open warning of
 * the period (the whole country, as the system reads it), beside a plain SELECT of one page of
 * the period's figures measured in the same run.
 *
 * - `quality_page_ms`: a page read while the list is cached for the results version (what a
 *   reader paging through the list pays), median of QUALITY_READS;
 * - `quality_list_cold_ms`: the first page right after a change committed (the list computed
 *   once for the new results version: every figure of the period and of a year before read, the
 *   rules run), best of 3;
 * - `quality_plain_page_ms`: the baseline, one page of figures by a plain indexed SELECT.
 */
import { systemActorNamed } from '../src/access/index.ts';
import { dropCaches } from '../src/audit/changes.ts';
import type { Db } from '../src/db/database.ts';
import { listQualityIssues } from '../src/quality/issues.ts';

const PAGE = 50;
const QUALITY_READS = 20;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureQuality(db: Db, period: string): Promise<Record<string, number>> {
  const actor = systemActorNamed('bench');
  const firstPage = () => listQualityIssues(db, { actor, period, limit: PAGE, offset: 0 });
  const cold: number[] = [];
  let total = 0;
  for (let r = 0; r < 3; r++) {
    dropCaches(); // as a committed change does
    const t0 = process.hrtime.bigint();
    total = (await firstPage()).total;
    cold.push(ms(t0));
  }
  const warm: number[] = [];
  for (let r = 0; r < QUALITY_READS; r++) {
    const t0 = process.hrtime.bigint();
    await firstPage();
    warm.push(ms(t0));
  }
  const plain: number[] = [];
  for (let r = 0; r < QUALITY_READS; r++) {
    const t0 = process.hrtime.bigint();
    await db.query(
      `SELECT unit_code, measure_id, num, txt FROM value_current WHERE period = $1
       ORDER BY unit_code, measure_id LIMIT ${PAGE}`,
      [period],
    );
    plain.push(ms(t0));
  }
  return {
    quality_warnings: total,
    quality_page_ms: round(median(warm)),
    quality_list_cold_ms: round(Math.min(...cold), 1),
    quality_plain_page_ms: round(median(plain)),
  };
}
