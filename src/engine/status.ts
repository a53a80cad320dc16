/** Evaluation statuses (đạt, cơ bản đạt, chưa đạt, chưa có số liệu, không áp dụng, chưa có ngưỡng). */
export const statuses = [
  'met',
  'basically_met',
  'not_met',
  'no_data',
  'not_applicable',
  'rule_missing',
] as const;
export type Status = (typeof statuses)[number];

/** Which status wins when results combine: a failure outranks anything undecided. */
const severity: Record<Status, number> = {
  not_applicable: 0,
  met: 1,
  basically_met: 2,
  no_data: 3,
  rule_missing: 4,
  not_met: 5,
};

/** The combined status of several results; not_applicable ones are left out. */
export function worstStatus(list: Iterable<Status>): Status {
  let worst: Status = 'not_applicable';
  for (const s of list) if (severity[s] > severity[worst]) worst = s;
  return worst;
}

/** Statuses from the least to the most severe (index = severity). */
const bySeverity = (Object.keys(severity) as Status[]).sort((a, b) => severity[a] - severity[b]);

/**
 * Statuses being combined, counted (one criterion's indicators, a framework's criteria): the
 * worst of them as `worstStatus` says, or k of n, without holding the list.
 */
export class Tally {
  /** How many of each status, indexed by severity. */
  private readonly counts = [0, 0, 0, 0, 0, 0];

  add(s: Status): void {
    this.counts[severity[s]]!++;
  }

  count(s: Status): number {
    return this.counts[severity[s]]!;
  }

  /** How many are not "không áp dụng". */
  get applicable(): number {
    const c = this.counts;
    return c[1]! + c[2]! + c[3]! + c[4]! + c[5]!;
  }

  /** The worst status counted; not_applicable when there is none else. */
  worst(): Status {
    for (let k = bySeverity.length - 1; k > 0; k--) if (this.counts[k]! > 0) return bySeverity[k]!;
    return 'not_applicable';
  }

  /** k of n must be met: met when k are; otherwise the best that can still be said. */
  atLeast(k: number): Status {
    const met = this.count('met');
    if (met >= k) return 'met';
    const basic = this.count('basically_met');
    if (met + basic >= k) return 'basically_met';
    const noData = this.count('no_data');
    const ruleMissing = this.count('rule_missing');
    if (met + basic + noData + ruleMissing >= k) return ruleMissing > 0 ? 'rule_missing' : 'no_data';
    return 'not_met';
  }
}

/** One letter per status, for compact storage of per-criterion / per-indicator results. */
const letters: Record<Status, string> = {
  met: 'M',
  basically_met: 'B',
  not_met: 'N',
  no_data: 'D',
  not_applicable: 'A',
  rule_missing: 'R',
};
const fromLetter = new Map(Object.entries(letters).map(([s, l]) => [l, s as Status]));

export function statusLetter(s: Status): string {
  return letters[s];
}

export function letterStatus(l: string): Status {
  const s = fromLetter.get(l);
  if (!s) throw new Error(`unknown status letter ${l}`);
  return s;
}

export const statusLabels: Record<Status, { vi: string; en: string }> = {
  met: { vi: 'Đạt', en: 'Met' },
  basically_met: { vi: 'Cơ bản đạt', en: 'Basically met' },
  not_met: { vi: 'Chưa đạt', en: 'Not met' },
  no_data: { vi: 'Chưa có số liệu', en: 'No data' },
  not_applicable: { vi: 'Không áp dụng', en: 'Not applicable' },
  rule_missing: { vi: 'Chưa có ngưỡng', en: 'Threshold not set' },
};
