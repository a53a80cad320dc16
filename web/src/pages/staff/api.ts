import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson } from '../../api/client.ts';

/** What the staff API returns (the parts these pages read). */
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
export interface Abilities {
  'staff.read': boolean;
  'staff.assign': boolean;
  'staff.rate': boolean;
  'staff.approve': boolean;
  self: boolean;
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
  taskId?: number;
  text: string;
  points?: number;
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
}
export interface Quota {
  band: string | null;
  proposedBand: string | null;
  rank: number | null;
  reason: string | null;
}
export interface PersonPeriod {
  person: Person;
  period: string;
  frame: FrameSummary;
  tasks: Task[];
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

/** Loads JSON and reloads on demand. */
export function useLoad<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const load = useCallback(async () => {
    if (!path) return;
    try {
      setData(await getJson<T>(path));
      setError(undefined);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  }, [path]);
  useEffect(() => {
    setData(undefined);
    void load();
  }, [load]);
  return { data, error, reload: load };
}
