// GET /api/home (src/home/read.ts): the caller's own work. The route's schema leaves several
// parts open, so the web reads the server's own types of them (type-only imports: one definition).
export type { AreaOverview } from '../../../../src/home/area-work.ts';
export type { DossierTask } from '../../../../src/home/dossier-work.ts';
export type { Home } from '../../../../src/home/read.ts';
export type { StaffMonth, StaffNext, TeamWaiting } from '../../../../src/home/staff-work.ts';
export type { ReportDue } from '../../../../src/home/targets-work.ts';
export type { IndicatorGap, UnitFramework, UnitWork } from '../../../../src/home/unit-work.ts';
