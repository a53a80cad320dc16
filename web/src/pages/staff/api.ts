import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, getJson, postForm, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

/**
 * What the staff API returns (the parts these pages read), written once for the staff pages.
 * TODO(schema.d.ts): swap for the types generated from /api/openapi.json (`npm run gen:api`)
 * once web/src/api/schema.d.ts lands; the server's shapes are src/staff/schemas.ts.
 */
export interface Person {
  id: number;
  code: string;
  full_name: string;
  org_unit: string;
  org_unit_name: string;
  position_name: string;
  task_group: string;
  is_head: boolean;
}
/** The caller's steps on a person's period (from the server's workflow table). */
export interface Abilities {
  read: boolean;
  assign_tasks: boolean;
  self_assess: boolean;
  review: boolean;
  approve: boolean;
  comment: boolean;
}
export interface Band {
  code: string;
  name: string;
  min: number;
}
export interface FrameSummary {
  id: string;
  name: string;
  total_max: number;
  components: Array<{ key: string; kind: 'manual' | 'tasks'; name: string; max: number; criteria: string[] }>;
  bands: Band[];
  disqualifying: Array<{ code: string; name: string }>;
  unverified: string[];
}
export interface Line {
  component: string;
  task_id: number | null;
  text: string;
  points: number | null;
}
export interface Score {
  components: Array<{ key: string; name: string; max: number; points: number | null }>;
  total: number | null;
  band: string | null;
  lines: Line[];
}
export interface Task {
  id: number;
  doc_number: string | null;
  title: string;
  role: 'lead' | 'collaborator';
  quantity: number;
  coefficient: number;
  deadline: string;
  original_deadline: string;
  completed_on: string | null;
  quality: 'dat' | 'khong_dat' | null;
  major_errors: number;
  pending_extension: string | null;
  pending_extension_id: number | null;
  abilities: { complete: boolean; rate: boolean; request_extension: boolean; decide_extension: boolean };
}
export interface Quota {
  band: string | null;
  proposed_band: string | null;
  rank: number | null;
  reason: string | null;
}
export interface PersonPeriod {
  person: Person;
  period: string;
  frame: FrameSummary;
  tasks: Task[];
  state: 'draft' | 'self_assessed' | 'reviewed' | 'approved';
  evaluation: {
    state: string;
    self_manual: Record<string, number>;
    self_note: string | null;
    manager_manual: Record<string, number> | null;
    manager_reason: string | null;
    head_reason: string | null;
    person_comment: string | null;
    quota_reason: string | null;
  } | null;
  score: Score;
  score_source: string;
  quota: Quota;
  band: string | null;
  abilities: Abilities;
}
export interface TeamRow {
  person: Person;
  state: string;
  total: number | null;
  components: Score['components'];
  score_band: string | null;
  band: string | null;
  quota: Quota;
  score_source: string;
  self_manual: Record<string, number> | null;
  manager_manual: Record<string, number> | null;
  /** The head's changed points, when the head changed the proposal at approval. */
  final_manual: Record<string, number> | null;
  abilities: Abilities;
}

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
