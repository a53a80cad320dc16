// GET /api/home: the caller's own work, as the generated contract types it.
import type { Schema } from '../../api/types.ts';

export type Home = Schema<'Home'>;
export type AreaOverview = Schema<'HomeArea'>;
export type DossierTask = Schema<'HomeDossierTask'>;
export type StaffMonth = NonNullable<Home['staff']>;
export type StaffNext = StaffMonth['next'];
export type TeamWaiting = NonNullable<Home['team']>[number];
export type ReportDue = Schema<'HomeReportDue'>;
export type UnitWork = Schema<'HomeUnitWork'>;
export type UnitFramework = UnitWork['frameworks'][number];
export type IndicatorGap = UnitFramework['gaps'][number];
