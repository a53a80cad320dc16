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
