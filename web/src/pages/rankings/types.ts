import type { Status } from '../../api/types.ts';

interface UnitRef {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
}

/** GET /api/rankings/closest (src/rankings/routes.ts). */
export interface ClosestList {
  framework: { id: string; version: number; name: string };
  period: string;
  tree_date: string;
  unit: { code: string; name: string };
  total: number;
  met: number;
  rule: string;
  units: Array<{
    rank: number;
    unit: UnitRef;
    status: Status;
    met_criteria: number;
    total_criteria: number;
    criteria_short: number;
    indicators_short: number;
    distance: number;
    shortfalls: Array<{ criterion: string; code: string; name: string; status: Status; gap_text: string }>;
  }>;
}

export const improvementOrders = ['criteria', 'indicators', 'gap', 'level'] as const;
export type ImprovementOrder = (typeof improvementOrders)[number];

/** GET /api/rankings/improvement. */
export interface ImprovementRanking {
  framework: { id: string; name: string };
  from: string;
  to: string;
  unit: { code: string; name: string };
  order: ImprovementOrder;
  rule: string;
  rows: Array<{
    rank: number | null;
    unit: UnitRef;
    status_from: Status | null;
    status_to: Status;
    criteria_from: number | null;
    criteria_to: number;
    total_criteria: number;
    criteria_gained: number | null;
    indicators_gained: number | null;
    gap_closed: number | null;
  }>;
}
