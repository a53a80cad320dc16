/**
 * "Việc của tôi": the caller's own work for the current period, by what its grants (and its staff
 * record) make it: commune officer, department reviewer, coordination office, council member,
 * leader, administrator, civil servant, manager or head. Each part is built from the existing
 * reads and access checks; the home page decides nothing itself.
 */
import { type Actor, ALL_UNITS, type Role } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { today as todayInVietnam } from '../http/openapi.ts';
import { actorPerson } from '../staff/access.ts';
import { type AreaOverview, areaOverview, type RevocationItem, revocationWatch } from './area-work.ts';
import { type DossierTask, dossierPipeline, rulingsWaiting, votesWaiting } from './dossier-work.ts';
import { ownStaffMonth, type StaffMonth, type TeamWaiting, teamWaiting } from './staff-work.ts';
import { type ReportDue, reportsDue } from './targets-work.ts';
import { type UnitWork, unitWork } from './unit-work.ts';

export interface Home {
  today: string;
  roles: string[];
  units: UnitWork[];
  rulings: DossierTask[] | null;
  pipeline: Awaited<ReturnType<typeof dossierPipeline>> | null;
  revocation: RevocationItem[] | null;
  reports: ReportDue[] | null;
  votes: DossierTask[] | null;
  areas: AreaOverview[] | null;
  staff: StaffMonth | null;
  /** Null when the caller manages nobody; else the evaluations waiting for it. */
  team: TeamWaiting[] | null;
}

/** The units at the top of the tree today (a leader of every unit sees their areas). */
async function rootUnits(db: Db, date: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    'SELECT code FROM units WHERE parent_code IS NULL AND valid_from <= $1 AND valid_to >= $1 ORDER BY code',
    [date],
  );
  return rows.map((r) => r.code);
}

/** Builds the caller's home page (period: a year to show instead of each framework's latest). */
export async function readHome(
  db: Db,
  actor: Actor,
  opts: { period?: string; today?: string } = {},
): Promise<Home> {
  const today = opts.today ?? todayInVietnam();
  const roles = [...new Set(actor.grants.map((g) => g.role))];
  const has = (r: Role) => roles.includes(r);
  const units: UnitWork[] = [];
  for (const g of actor.grants.filter((x) => x.role === 'commune_officer' && x.unitCode !== ALL_UNITS)) {
    const w = await unitWork(db, actor, { grantCode: g.unitCode, today, period: opts.period });
    if (w && !units.some((u) => u.unit.code === w.unit.code)) units.push(w);
  }
  const office = has('coordination_office') || has('admin');
  const areas: AreaOverview[] = [];
  if (has('leader'))
    for (const g of actor.grants.filter((x) => x.role === 'leader')) {
      for (const code of g.unitCode === ALL_UNITS ? await rootUnits(db, today) : [g.unitCode]) {
        const a = await areaOverview(db, actor, { unitCode: code, today });
        if (a) areas.push(a);
      }
    }
  const me = await actorPerson(db, actor);
  const manages =
    me !== null &&
    (me.is_head ||
      (await db.query('SELECT 1 FROM staff_people WHERE manager_id = $1 AND active LIMIT 1', [me.id]))
        .length > 0);
  return {
    today,
    roles,
    units,
    rulings: has('department_reviewer') ? await rulingsWaiting(db, actor, today) : null,
    pipeline: office ? await dossierPipeline(db, actor, today) : null,
    revocation: office ? await revocationWatch(db, actor) : null,
    reports: office ? (await reportsDue(db, actor, { today })).filter((r) => r.state === 'missing') : null,
    votes: has('council_member') ? await votesWaiting(db, actor, today) : null,
    areas: has('leader') ? areas : null,
    staff: me ? await ownStaffMonth(db, actor, today) : null,
    team: manages ? await teamWaiting(db, actor) : null,
  };
}
