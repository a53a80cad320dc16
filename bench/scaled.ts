/** The data set of the scaling runs of `npm run bench` (bench/national.ts). */
import type { Db } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { FRAMEWORKS, PERIODS, seedStructure } from './seed.ts';
import {
  COMMUNES,
  communeCode,
  DISTRICT_MEASURES,
  DISTRICTS,
  districtCode,
  INDICATORS,
  measureId,
  measureType,
  syntheticValue,
} from './synthetic.ts';

/** Units and frameworks through the use cases, one period's figures straight into value_current by COPY. */
export async function seedScaled(db: Db, period: string): Promise<void> {
  await seedStructure(db);
  const columns = ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'source', 'actor'];
  const p = PERIODS.length - 1;
  // In slices of 1,000 communes, so that the CSV text never holds a whole period.
  for (let from = 0; from < COMMUNES; from += 1000) {
    const lines: string[] = [];
    for (let c = from; c < Math.min(COMMUNES, from + 1000); c++)
      for (let i = 0; i < INDICATORS; i++) {
        const v = syntheticValue(c, i, p);
        const num = measureType(i) === 'boolean' ? (v === 'có' ? '1' : '0') : v.replace(',', '.');
        lines.push(`${period},${communeCode(c)},${measureId(i)},${num},,f,bench,bench`);
      }
    await db.copyFrom('value_current', columns, `${lines.join('\n')}\n`);
  }
  const district: string[] = [];
  for (let d = 0; d < DISTRICTS; d++)
    for (let k = 0; k < DISTRICT_MEASURES; k++)
      district.push(
        `${period},${districtCode(d)},h${k + 1},${70 + ((d * 7 + k * 13 + p) % 30)},,f,bench,bench`,
      );
  if (district.length > 0) await db.copyFrom('value_current', columns, `${district.join('\n')}\n`);
  await db.exec('ANALYZE value_current');
  await evaluatePeriod(db, { frameworkIds: FRAMEWORKS, period });
}
