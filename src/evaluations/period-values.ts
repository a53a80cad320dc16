/**
 * A period's figures for a full pass, held in typed arrays instead of one object per figure:
 * one slot per (unit, measure) in a Float64Array and a Uint8Array of flags, text figures aside.
 * 607,725 figures take ≈ 6 MB here instead of ≈ 150 MB of Maps and objects, and are read with
 * `COPY … TO` (on PGlite several times faster than a SELECT of the same rows).
 */
import { fieldEnd, readQuoted } from '../db/csv.ts';
import type { Db } from '../db/database.ts';
import type { ValueCell } from '../engine/evaluate.ts';

const PRESENT = 1;
const NA = 2;

/**
 * What the engine reads of one unit's figures (a Map of cells fits too). The cell returned may
 * be the same object refilled by the next `get`: the engine reads it at once, never keeps it.
 */
export interface UnitValues {
  get(measure: string): ValueCell | undefined;
}

export class PeriodValues {
  private readonly unitIndex = new Map<string, number>();
  private readonly measureIndex: Map<string, number>;
  private num: Float64Array;
  private flags: Uint8Array;
  private readonly txt = new Map<number, string>();

  constructor(measures: string[], expectedUnits = 1024) {
    this.measureIndex = new Map(measures.map((m, i) => [m, i]));
    this.num = new Float64Array(expectedUnits * measures.length);
    this.flags = new Uint8Array(expectedUnits * measures.length);
  }

  get size(): number {
    return this.unitIndex.size;
  }

  private slotOf(unit: string): number {
    let u = this.unitIndex.get(unit);
    if (u === undefined) {
      u = this.unitIndex.size;
      this.unitIndex.set(unit, u);
      const need = (u + 1) * this.measureIndex.size;
      if (need > this.flags.length) {
        const grow = Math.max(need, this.flags.length * 2);
        const num = new Float64Array(grow);
        num.set(this.num);
        const flags = new Uint8Array(grow);
        flags.set(this.flags);
        this.num = num;
        this.flags = flags;
      }
    }
    return u * this.measureIndex.size;
  }

  set(unit: string, measure: string, cell: ValueCell): void {
    const m = this.measureIndex.get(measure);
    if (m === undefined) return;
    const slot = this.slotOf(unit);
    this.write(slot + m, cell.num ?? Number.NaN, cell.txt, cell.na);
  }

  private write(i: number, num: number, txt: string | null, na: boolean): void {
    this.num[i] = num;
    this.flags[i] = PRESENT | (na ? NA : 0);
    if (txt !== null) this.txt.set(i, txt);
    else this.txt.delete(i);
  }

  /** The last row read (readCsv): its unit, the unit's first slot, the measure's index. */
  private last = { unit: '', slot: 0, m: -1 };

  /**
   * Adds COPY's CSV of (unit_code, measure_id, num, txt, na), whole rows, read in place: a row's
   * unit is most often the row before's (in this piece or the one before) and its measure the
   * next one in order, so neither is cut out of the text nor looked up again (a full pass reads
   * 607,725 rows); figures of other measures are skipped.
   */
  readCsv(csv: string): void {
    const ids = [...this.measureIndex.keys()];
    const n = csv.length;
    let i = 0;
    let { unit, slot, m } = this.last;
    // A text field at i (null when empty and unquoted); i is left on the delimiter after it.
    const text = (): string | null => {
      if (csv.charCodeAt(i) === 34) {
        const q = readQuoted(csv, i);
        i = q.end;
        return q.value;
      }
      const j = fieldEnd(csv, i);
      const v = j === i ? null : csv.slice(i, j);
      i = j;
      return v;
    };
    // Whether the unquoted field at i is exactly `s`.
    const at = (s: string) =>
      csv.charCodeAt(i) !== 34 && csv.startsWith(s, i) && csv.charCodeAt(i + s.length) === 44;
    while (i < n) {
      if (unit !== '' && at(unit)) i += unit.length;
      else {
        unit = text() ?? '';
        slot = this.slotOf(unit);
      }
      i++;
      const next = ids[m + 1];
      if (next !== undefined && at(next)) {
        m++;
        i += next.length;
      } else m = this.measureIndex.get(text() ?? '') ?? -1;
      i++;
      const j = fieldEnd(csv, i);
      const num = j === i ? Number.NaN : decimal(csv, i, j);
      i = j + 1;
      const txt = text();
      i++;
      const na = csv.charCodeAt(i) === 116; // 't'
      i = fieldEnd(csv, i);
      if (csv.charCodeAt(i) === 13) i++;
      if (csv.charCodeAt(i) === 10) i++;
      if (m >= 0) this.write(slot + m, num, txt, na);
    }
    this.last = { unit, slot, m };
  }

  /** The figure in slot `i` (read by UnitCells). */
  cellAt(i: number, into: ValueCell): ValueCell | undefined {
    const f = this.flags[i]!;
    if (!(f & PRESENT)) return undefined;
    const n = this.num[i]!;
    into.num = Number.isNaN(n) ? null : n;
    into.txt = this.txt.get(i) ?? null;
    into.na = (f & NA) !== 0;
    return into;
  }

  /** One unit's figures (undefined when it has none). */
  unit(code: string): UnitValues | undefined {
    const u = this.unitIndex.get(code);
    if (u === undefined) return undefined;
    return new UnitCells(this, this.measureIndex, u * this.measureIndex.size);
  }
}

/**
 * One unit's figures in a PeriodValues (a class, not an object of closures: one is made per unit
 * and framework of a full pass). Its one cell is refilled by each `get` (a full pass reads 1.9
 * million figures: as many short-lived objects otherwise).
 */
class UnitCells implements UnitValues {
  private readonly cell: ValueCell = { num: null, txt: null, na: false };

  constructor(
    private readonly values: PeriodValues,
    private readonly measureIndex: Map<string, number>,
    private readonly base: number,
  ) {}

  get(measure: string): ValueCell | undefined {
    const m = this.measureIndex.get(measure);
    return m === undefined ? undefined : this.values.cellAt(this.base + m, this.cell);
  }
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The period's current figures of the given measures, read with one `COPY (SELECT …) TO`. The
 * measures are filtered in SQL only when the catalogue holds others: testing each of the
 * period's rows against the list costs the database more (≈ 100 ms for 607,725 rows on PGlite)
 * than skipping the few other figures while reading (figures of a measure not asked for are
 * never kept).
 */
export async function loadPeriodValues(
  db: Db,
  opts: { period: string; measures: string[]; units?: number },
): Promise<PeriodValues> {
  // Sized for the units there are (growing the arrays by doubling copied them several times).
  const out = new PeriodValues(opts.measures, opts.units);
  if (opts.measures.length === 0) return out;
  const [others] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM measures WHERE NOT (id = ANY($1))',
    [opts.measures],
  );
  const only = others!.n > 0 ? ` AND measure_id IN (${opts.measures.map(literal).join(', ')})` : '';
  // Each piece is read while the database sends the next.
  await db.copyTo(
    `(SELECT unit_code, measure_id, num, txt, na FROM value_current WHERE period = ${literal(opts.period)}${only})`,
    (rows) => out.readCsv(rows),
  );
  return out;
}

/**
 * The number written in csv[start, end): plain decimals ("-12.345", at most 15 digits) are read
 * digit by digit, exactly (an integer below 2^53 divided by an exact power of ten is rounded
 * once); anything else (exponents, NaN, Infinity) by Number.
 */
function decimal(csv: string, start: number, end: number): number {
  let i = start;
  const negative = csv.charCodeAt(i) === 45;
  if (negative) i++;
  let digits = 0;
  let scale = -1;
  let int = 0;
  for (; i < end; i++) {
    const c = csv.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return Number(csv.slice(start, end));
  }
  if (digits === 0 || digits > 15) return Number(csv.slice(start, end));
  const v = scale > 0 ? int / POW10[scale]! : int;
  return negative ? -v : v;
}

const POW10 = Array.from({ length: 16 }, (_, k) => Number(`1e${k}`));
