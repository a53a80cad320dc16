import { href } from './router.tsx';

// The app's addresses, in one place: the route table (route-table.tsx), the navigation and every
// link read these templates (`:name` a parameter, `:name?` an optional one, `/*` anything below).
export const paths = {
  home: '/',
  overview: '/tong-quan',
  unit: '/don-vi/:code',
  frameworks: '/bo-tieu-chi',
  framework: '/bo-tieu-chi/:id',
  annexReview: '/bo-tieu-chi/:id/phu-luc',
  login: '/dang-nhap',
  accounts: '/quan-tri/tai-khoan',
  audit: '/nhat-ky',
  notifications: '/thong-bao',
  dossiers: '/ho-so',
  dossier: '/ho-so/:id',
  visit: '/ho-so/:id/tham-tra-thuc-te',
  outbox: '/cho-gui',
  targets: '/chi-tieu',
  targetPlan: '/chi-tieu/:year',
  targetHolder: '/chi-tieu/:year/don-vi/:code',
  approval: '/duyet-so-lieu',
  quality: '/chat-luong-so-lieu',
  surveys: '/khao-sat-y-kien',
  survey: '/khao-sat-y-kien/:id',
  residentSurvey: '/khao-sat/:code?',
  staff: '/danh-gia-can-bo/*',
  publication: '/quan-ly-cong-khai',
  pastRecognitions: '/quyet-dinh-cong-nhan-truoc',
  moderation: '/kiem-duyet-y-kien',
  portal: '/cong-khai',
  portalUnit: '/cong-khai/:code',
  closest: '/gan-dat',
  improvement: '/xep-hang-tien-bo',
} as const;

export type PathTemplate = (typeof paths)[keyof typeof paths];

/** The address of `template` with its parameters filled in (encoded). */
export function pathTo(template: PathTemplate, params: Record<string, string | number> = {}): string {
  return (
    template
      .replace(/\/:(\w+)\??/g, (_, name: string) =>
        params[name] === undefined ? '' : `/${encodeURIComponent(String(params[name]))}`,
      )
      .replace(/\/\*$/, '') || '/'
  );
}

const compiled = new Map<string, { re: RegExp; names: string[] }>();

/** The parameters of `path` when it is an address of `template` (decoded), else null. */
export function matchPath(template: PathTemplate, path: string): Record<string, string> | null {
  let c = compiled.get(template);
  if (!c) {
    const names: string[] = [];
    const body = template
      .replace(/\/\*$/, '(?:/.*)?')
      .replace(/\/:(\w+)(\?)?/g, (_, name: string, optional?: string) => {
        names.push(name);
        return optional ? '(?:/([^/]+))?' : '/([^/]+)';
      });
    c = { re: new RegExp(`^${body === '/' ? '' : body}/?$`), names };
    compiled.set(template, c);
  }
  const m = c.re.exec(path);
  if (!m) return null;
  const out: Record<string, string> = {};
  c.names.forEach((n, i) => {
    const v = m[i + 1];
    if (v !== undefined) out[n] = decodeURIComponent(v);
  });
  return out;
}

export interface OverviewState {
  unit: string;
  framework: string;
  period: string;
  only?: boolean;
  sort?: string;
  dir?: 'asc' | 'desc';
}

/** The overview (tổng quan) of a unit's subtree; `/` is each person's own work ("Việc của tôi"). */
export const overviewPath = paths.overview;

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
  return href(pathTo(paths.unit, { code }), { framework: s.framework, period: s.period });
}

export function frameworkHref(id: string, q: { version?: string; from?: string; to?: string } = {}): string {
  return href(pathTo(paths.framework, { id }), q);
}

export const frameworksHref = paths.frameworks;

/** The review page of a framework version read from a Word annex (default: its pending draft). */
export function annexReviewHref(id: string, version?: number): string {
  return href(pathTo(paths.annexReview, { id }), {
    version: version ? String(version) : undefined,
  });
}

/** Kinds at the bottom of the tree: their rows open the unit page instead of drilling down. */
export const leafKinds = new Set(['commune', 'ward', 'township', 'special_zone', 'village']);

/** Units of an area closest to meeting a framework (the leader's short list). */
export function closestHref(s: { unit: string; framework: string; period: string }): string {
  return href(paths.closest, s);
}

/** Units of an area ranked by improvement between two periods. */
export function improvementHref(s: {
  unit: string;
  framework: string;
  from?: string;
  to?: string;
  order?: string;
}): string {
  return href(paths.improvement, s);
}

/** Approval of routine figures of a subtree (/duyet-so-lieu). */
export function approvalHref(s: {
  unit: string;
  framework: string;
  period: string;
  waiting?: boolean;
  /** Page of the list (1 = first, left out of the address). */
  page?: number;
}): string {
  return href(paths.approval, {
    unit: s.unit,
    framework: s.framework,
    period: s.period,
    waiting: s.waiting ? '1' : undefined,
    trang: s.page && s.page > 1 ? String(s.page) : undefined,
  });
}

/** Data-quality warnings of a subtree (/chat-luong-so-lieu). */
export function qualityHref(s: {
  unit: string;
  framework?: string;
  period: string;
  all?: boolean;
  /** Page of the list (1 = first, left out of the address). */
  page?: number;
}): string {
  return href(paths.quality, {
    unit: s.unit,
    framework: s.framework,
    period: s.period,
    all: s.all ? '1' : undefined,
    trang: s.page && s.page > 1 ? String(s.page) : undefined,
  });
}

/** The page number of a paged list in the address (`trang`, 1 when absent). */
export function pageOf(query: URLSearchParams): number {
  return Math.max(1, Number.parseInt(query.get('trang') ?? '1', 10) || 1);
}
