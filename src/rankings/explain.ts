/**
 * A subtree's units evaluated with explanations (gaps in words) for one framework and period,
 * and how far each is from meeting: the reads behind the short list and the improvement ranking.
 */
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { evaluateUnit, type IndicatorResult, type UnitEvaluation } from '../engine/evaluate.ts';
import { byCloseness, type Gap } from '../engine/gap.ts';
import type { Period } from '../engine/periods.ts';
import { ensureFreshRun } from '../evaluations/fresh.ts';
import { loadDependencies, loadValues, unitInput } from '../evaluations/inputs.ts';
import { type LoadedFramework, requireFrameworkForPeriod } from '../frameworks/store.ts';
import { requireUnitChain } from '../units/read.ts';
import { loadTree, type UnitNode } from '../units/tree.ts';

/** A failing indicator and what it takes ("còn thiếu 0,1 điểm %"), for lists. */
export interface Shortfall {
  criterion: string;
  code: string;
  name: string;
  status: string;
  gap: number | null;
  gap_relative: number | null;
  gap_text: string;
}

export interface ExplainedUnit {
  node: UnitNode;
  ev: UnitEvaluation;
  /** Failing indicators (not met, basically met, no figure), closest first. */
  shortfalls: Shortfall[];
  /** Sum over failing indicators of min(relative gap, 1); 1 for one without a number or figure. */
  distance: number;
  /** Indicators met (criteria that apply only). */
  metIndicators: number;
}

const failing = new Set(['not_met', 'basically_met', 'no_data']);
const noFigure: Gap = { amount: null, relative: null, text: 'chưa có số liệu' };

/** What remains for one evaluated unit: its failing indicators, closest first, and their sum. */
export function shortfallsOf(ev: UnitEvaluation): Omit<ExplainedUnit, 'node' | 'ev'> {
  const list: Array<Shortfall & { g: Gap }> = [];
  let metIndicators = 0;
  const visit = (criterion: string, inds: IndicatorResult[]) => {
    for (const i of inds) {
      if (i.status === 'met') metIndicators++;
      if (!failing.has(i.status)) continue;
      const g =
        i.status === 'no_data' ? noFigure : (i.gap ?? { amount: null, relative: null, text: i.reason });
      list.push({
        criterion,
        code: i.code,
        name: i.name,
        status: i.status,
        gap: g.amount,
        gap_relative: g.relative,
        gap_text: g.text,
        g,
      });
    }
  };
  for (const c of ev.criteria ?? []) if (c.status !== 'not_applicable') visit(c.no, c.indicators);
  visit('', ev.conditions ?? []);
  // Closest first; figures still missing last (stable: legal order among equals).
  list.sort((a, b) => {
    const nd = Number(a.status === 'no_data') - Number(b.status === 'no_data');
    return nd !== 0 ? nd : byCloseness(a.g, b.g);
  });
  const distance = list.reduce((s, x) => s + (x.gap_relative === null ? 1 : Math.min(1, x.gap_relative)), 0);
  return {
    shortfalls: list.map(({ g: _g, ...s }) => s),
    distance: Number(distance.toFixed(4)),
    metIndicators,
  };
}

/** The units of `root`'s subtree (itself included) valid on the tree's date that `fw` applies to. */
function applicableSubtree(tree: Awaited<ReturnType<typeof loadTree>>, root: string, fw: LoadedFramework) {
  const out: UnitNode[] = [];
  const stack = [tree.byCode.get(root)].filter((n) => n !== undefined);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (fw.compiled.appliesTo.has(n.kind)) out.push(n);
    stack.push(...(tree.children.get(n.code) ?? []));
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Every unit of `unitCode`'s subtree that the framework applies to, on the tree of the period,
 * evaluated with explanations. The actor must read the subtree's root in full.
 */
export async function explainSubtree(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string; actor: Actor | string },
): Promise<{
  fw: LoadedFramework;
  period: Period;
  treeDate: string;
  root: UnitNode;
  units: ExplainedUnit[];
}> {
  const { period, ...fw } = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const [root] = await requireUnitChain(db, opts.unitCode, period.end);
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: period.end });
  const treeDate = await ensureFreshRun(db, fw, period);
  const tree = await loadTree(db, treeDate);
  const nodes = applicableSubtree(tree, opts.unitCode, fw);
  const c = fw.compiled;
  const codes = nodes.map((n) => n.code);
  const values =
    c.measures.length > 0 && codes.length > 0
      ? await loadValues(db, { period: period.code, measures: c.measures, units: codes })
      : new Map();
  const deps = await loadDependencies(db, c, { period: period.code, units: codes });
  const units = nodes.map((node) => {
    const ev = evaluateUnit(c, unitInput(node, values.get(node.code), deps), true);
    return { node, ev, ...shortfallsOf(ev) };
  });
  return { fw, period, treeDate, root: root!, units };
}
