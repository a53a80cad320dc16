import { href } from './router.tsx';

// The app's addresses, in one place.

export interface OverviewState {
  unit: string;
  framework: string;
  period: string;
  only?: boolean;
  sort?: string;
  dir?: 'asc' | 'desc';
}

/** The overview (tổng quan) of a unit's subtree; `/` is each person's own work ("Việc của tôi"). */
export const overviewPath = '/tong-quan';

export function overviewHref(s: OverviewState): string {
  return href(overviewPath, {
    unit: s.unit,
    framework: s.framework,
    period: s.period,
    only: s.only ? '1' : undefined,
    sort: s.sort,
    dir: s.sort ? s.dir : undefined,
  });
}

export function unitHref(code: string, s: { framework?: string; period?: string }): string {
  return href(`/don-vi/${encodeURIComponent(code)}`, { framework: s.framework, period: s.period });
}

export function frameworkHref(id: string, q: { version?: string; from?: string; to?: string } = {}): string {
  return href(`/bo-tieu-chi/${encodeURIComponent(id)}`, q);
}

export const frameworksHref = '/bo-tieu-chi';

/** The review page of a framework version read from a Word annex (default: its pending draft). */
export function annexReviewHref(id: string, version?: number): string {
  return href(`/bo-tieu-chi/${encodeURIComponent(id)}/phu-luc`, {
    version: version ? String(version) : undefined,
  });
}

/** Kinds at the bottom of the tree: their rows open the unit page instead of drilling down. */
export const leafKinds = new Set(['commune', 'ward', 'township', 'special_zone', 'village']);

/** Approval of routine figures of a subtree (/duyet-so-lieu). */
export function approvalHref(s: {
  unit: string;
  framework: string;
  period: string;
  waiting?: boolean;
}): string {
  return href('/duyet-so-lieu', {
    unit: s.unit,
    framework: s.framework,
    period: s.period,
    waiting: s.waiting ? '1' : undefined,
  });
}

/** Data-quality warnings of a subtree (/chat-luong-so-lieu). */
export function qualityHref(s: { unit: string; framework?: string; period: string; all?: boolean }): string {
  return href('/chat-luong-so-lieu', {
    unit: s.unit,
    framework: s.framework,
    period: s.period,
    all: s.all ? '1' : undefined,
  });
}
