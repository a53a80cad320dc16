import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, getJson, postForm, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import type { Res, Schema } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/dict.ts';

/**
 * What the staff API returns, from the generated contract (web/src/api/schema.d.ts, `npm run
 * gen:api`; the server's shapes are src/staff/schemas.ts).
 */
export type Person = NonNullable<Schema<'StaffPerson'>>;
/** The caller's steps on a person's period (from the server's workflow table). */
export type Abilities = Schema<'StaffAbilities'>;
export type FrameSummary = Schema<'StaffFrameSummary'>;
export type Band = FrameSummary['bands'][number];
// The shared person schema is generated as nullable (/staff/me may answer no person); a period's
// or a row's person is always there.
export type PersonPeriod = Omit<Schema<'StaffPersonPeriod'>, 'person'> & { person: Person };
export type Score = PersonPeriod['score'];
export type Line = Score['lines'][number];
export type Task = PersonPeriod['tasks'][number];
export type Quota = PersonPeriod['quota'];
export type TeamRow = Omit<Schema<'StaffUnitEvaluations'>['rows'][number], 'person'> & { person: Person };
export type TeamPeriod = Omit<Schema<'StaffUnitEvaluations'>, 'rows'> & { rows: TeamRow[] };
export type Me = Res<'/staff/me'>;
export type Frames = Res<'/staff/frames'>;
export type PeriodFrame = Res<'/staff/periods/{period}/frame'>;
export type OrgUnit = Res<'/staff/org'>['units'][number];
export type Catalogue = Res<'/staff/catalogue'>;
export type CatalogueItem = Catalogue['items'][number];
export type Distribution = Res<'/staff/units/{unit}/distribution'>;

/** The current month in Vietnam, YYYY-MM. */
export function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
  }).format(new Date());
}

export function bandName(frame: FrameSummary, code: string | null | undefined): string {
  return frame.bands.find((b) => b.code === code)?.name ?? '—';
}

/** The task groups of the frames' quotas (positions carry one), in the order of the forms. */
export const taskGroups = ['chuyen_mon', 'lanh_dao'] as const;

/** A task group as people read it ("Chuyên môn"), never its key. */
export function taskGroupName(t: (key: MessageKey) => string, group: string): string {
  return (taskGroups as readonly string[]).includes(group)
    ? t(`staffGroup_${group}` as MessageKey)
    : group.replace(/_/g, ' ');
}

/**
 * The organisation tree (GET /staff/org): each node's name for the pages (never its code) and
 * the top agency, where an administrator without a place in the tree starts.
 */
export function useOrg() {
  const org = useStaffRead<{ units: OrgUnit[] }>('/staff/org');
  const units = org.data?.units ?? [];
  const names = new Map(units.map((u) => [u.code, u.name]));
  return {
    loaded: org.data !== undefined,
    error: org.error,
    top: units.find((u) => u.parent_code === null)?.code ?? null,
    nameOf: (code: string) => names.get(code) ?? code,
  };
}

/** An error of a query or mutation as the pages show it. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err));
}

/** A staff read: TanStack Query keyed by the API path (see web/src/api/query.ts). */
export function useStaffRead<T>(path: string | null) {
  return useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => getJson<T>(path!, undefined, signal),
    enabled: path !== null,
  });
}

/** Every staff read is refreshed after a staff write (they all derive from the same rows). */
export const invalidateStaff = () =>
  queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/staff') });

/** A staff write (JSON or a form), then every staff read is refreshed. */
export function useStaffWrite() {
  return useMutation({
    mutationFn: ({ method = 'POST', path, body }: { method?: string; path: string; body: unknown }) =>
      body instanceof FormData ? postForm<unknown>(path, body) : sendJson<unknown>(method, path, body),
    onSuccess: invalidateStaff,
  });
}
