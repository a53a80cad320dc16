// Shapes of /api/targets answers: what src/targets/present.ts puts on the wire (the routes'
// schemas leave them open, so the web reads the server's own types; type-only imports).
import type {
  presentAllocation,
  presentCell,
  presentExplanation,
  presentHolder,
  presentIndicator,
  presentPlan,
} from '../../../../src/targets/present.ts';

export type {
  Aggregation,
  PlanSettings as Settings,
  Rule,
  TargetStatus,
} from '../../../../src/targets/compute.ts';

export type Indicator = ReturnType<typeof presentIndicator>;
export type Plan = ReturnType<typeof presentPlan>;
export type Holder = ReturnType<typeof presentHolder>;
export type Allocation = ReturnType<typeof presentAllocation>;
export type Explanation = ReturnType<typeof presentExplanation>;
export type Cell = ReturnType<typeof presentCell>;
export type Abilities = Record<string, boolean>;

/** GET /api/targets/{year} (and the writes that answer the plan again). */
export interface PlanView {
  plan: Plan;
  holders: Holder[];
  assignments: Array<{ indicator: string; holder: string; target: number }>;
  allocation: Allocation[];
  abilities: Abilities;
}

/** GET /api/targets/{year}/progress */
export interface Progress {
  plan: Plan;
  today: string;
  holders: Holder[];
  cells: Cell[];
}

/** GET /api/targets/{year}/holders/{code} */
export interface HolderView {
  plan: Plan;
  today: string;
  holder: Holder;
  cells: Cell[];
  abilities: Abilities;
}
