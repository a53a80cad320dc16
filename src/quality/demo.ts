/**
 * The demo's data-quality warnings: a few Gia Lâm communes whose 2024 income per head jumps on
 * 2023 (+75 %, beyond the default ±50 %), so /chat-luong-so-lieu lists them. Income per head has no
 * threshold in the frameworks, so no status changes. Xã Dương Hà's figures are the ones the
 * coordination office returned (src/approval/demo.ts).
 */
import { parseNumber } from '../engine/written.ts';

const measure = 'income_per_capita';
export const demoQualityJumps = { units: ['00541', '00547', '00559'], period: '2024', factor: 1.75 };

interface Row {
  cells: Record<string, string>;
}

/** Raises the chosen units' figure of the period to last year's times the factor (rows as the demo imports them). */
export function withQualityDemo<R extends Row>(rows: R[]): R[] {
  const { units, period, factor } = demoQualityJumps;
  const last = String(Number(period) - 1);
  const find = (unit: string, p: string) =>
    rows.find((r) => r.cells.unit_code === unit && r.cells.indicator === measure && r.cells.period === p);
  for (const unit of units) {
    const before = find(unit, last);
    const now = find(unit, period);
    const n = before ? parseNumber(before.cells.value ?? '') : null;
    if (!now || n === null) continue;
    now.cells.value = (n * factor).toFixed(1).replace('.', ',');
  }
  return rows;
}
