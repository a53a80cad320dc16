// Shapes of /api/targets answers: all from the generated contract (web/src/api/schema.d.ts,
// `npm run gen:api`); nothing here is typed by hand.
import type { Res, Schema } from '../../api/types.ts';

export type Plan = Schema<'TargetPlan'>;
export type Indicator = Plan['indicators'][number];
export type Aggregation = Indicator['aggregation'];
export type Settings = Schema<'TargetPlanSettingsView'>;
export type Holder = Schema<'TargetHolder'>;
export type Explanation = Schema<'TargetExplanation'>;
export type Cell = Schema<'TargetCell'>;
export type TargetStatus = Cell['status'];
export type Abilities = Schema<'TargetAbilities'>;
/** GET /api/targets */
export type PlanList = Res<'/targets'>;
export type PlanItem = PlanList['plans'][number];
/** GET /api/targets/{year} (and the writes that answer the plan again). */
export type PlanView = Schema<'TargetPlanView'>;
/** GET /api/targets/{year}/progress */
export type Progress = Schema<'TargetProgress'>;
/** GET /api/targets/{year}/holders/{code}: each cell with the explanation steps its reader may take. */
export type HolderView = Schema<'TargetHolderView'>;
export type HolderCell = Schema<'TargetHolderCell'>;
