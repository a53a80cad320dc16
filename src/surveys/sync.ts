/**
 * A campaign's overall satisfaction rate becomes its dossier's satisfaction result: the
 * procedure record (tỷ lệ hài lòng, hộ được hỏi / tổng số hộ) and, when the dossier's framework
 * reads a satisfaction measure (e.g. QĐ 320 ĐK2 ntm_resident_satisfaction_pct), that figure,
 * written with source 'survey' through the value pipeline (lock check, live evaluation, audit).
 *
 * A dossier that is no longer editable (submitted, under appraisal, decided) is left as it was
 * submitted: the campaign keeps its results, the sync reports 'locked', and the next answer (or
 * the office's "ghi vào hồ sơ" action) after the dossier is reopened writes the new rate.
 */
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { editableStates, stateLabels } from '../dossiers/states.ts';
import { requireDossier } from '../dossiers/store.ts';
import { type Text, text } from '../text.ts';
import { currentStates, recordValueChanges } from '../values/audit.ts';
import { applyValues } from '../values/import.ts';
import type { CheckedValue } from '../values/write.ts';
import { loadCampaign } from './campaigns.ts';

export interface OverallRate {
  /** Satisfied households / households that answered the overall question, in % (null: no answers). */
  rate: number | null;
  answered: number;
  households: number;
}

export async function overallRate(db: Db, campaignId: number): Promise<OverallRate> {
  const [r] = await db.query<{ satisfied: number; answered: number; households: number }>(
    `SELECT
       (SELECT count(*)::int FROM survey_answer_items i JOIN survey_questions q ON q.id = i.question_id
        WHERE q.campaign_id = $1 AND q.kind = 'overall' AND i.choice = 'satisfied') AS satisfied,
       (SELECT count(*)::int FROM survey_answers WHERE campaign_id = $1) AS answered,
       (SELECT count(*)::int FROM survey_households WHERE campaign_id = $1) AS households`,
    [campaignId],
  );
  const rate = r!.answered > 0 ? Math.round((10000 * r!.satisfied) / r!.answered) / 100 : null;
  return { rate, answered: r!.answered, households: r!.households };
}

export type SyncResult =
  | { state: 'none' }
  | { state: 'empty' }
  | { state: 'written'; dossierId: number; rate: number; measures: string[] }
  | { state: 'locked'; dossierId: number; message: Text };

const surveyActor = (campaignId: number): Actor => ({
  userId: null,
  username: `khảo sát #${campaignId}`,
  grants: [],
});

/** Writes the campaign's current rate into its dossier, unless the dossier is locked. Runs in `tx`. */
export async function syncDossier(
  tx: Db,
  c: { id: number; dossierId: number | null; unitCode: string },
): Promise<SyncResult> {
  if (c.dossierId === null) return { state: 'none' };
  const d = await requireDossier(tx, c.dossierId);
  if (!editableStates.has(d.state))
    return {
      state: 'locked',
      dossierId: d.id,
      message: text(
        `Hồ sơ #${d.id} đang ở trạng thái "${stateLabels[d.state][0]}": tỷ lệ hài lòng không tự ghi vào hồ sơ; mở lại hồ sơ để cập nhật`,
        `dossier locked, rate not written`,
      ),
    };
  const o = await overallRate(tx, c.id);
  if (o.rate === null) return { state: 'empty' };
  const actor = surveyActor(c.id);
  await tx.query(
    `INSERT INTO dossier_procedure (dossier_id, satisfaction_pct, satisfaction_surveyed, satisfaction_total, updated_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dossier_id) DO UPDATE SET satisfaction_pct = $2, satisfaction_surveyed = $3,
       satisfaction_total = $4, updated_by = $5, updated_at = now()`,
    [d.id, o.rate, o.answered, o.households, actor.username],
  );
  const measures = (
    await tx.query<{ measure_id: string }>(
      `SELECT measure_id FROM framework_measures WHERE framework_id = $1 AND version = $2
       AND measure_id LIKE '%satisfaction%' ORDER BY measure_id`,
      [d.frameworkId, d.frameworkVersion],
    )
  ).map((m) => m.measure_id);
  if (measures.length > 0) {
    const values: CheckedValue[] = measures.map((m) => ({
      unitCode: d.unitCode,
      measureId: m,
      period: d.round,
      cell: { num: o.rate, txt: null, na: false },
      note: `Khảo sát #${c.id}: ${o.answered}/${o.households} hộ trả lời`,
    }));
    const before = await currentStates(tx, values);
    await applyValues(tx, values, { actor: actor.username, source: 'survey' });
    await recordValueChanges(tx, { actor, source: 'survey', values, before });
  }
  return { state: 'written', dossierId: d.id, rate: o.rate, measures };
}

/**
 * The office's explicit "ghi vào hồ sơ" (e.g. after the dossier was reopened): needs survey.manage
 * on the campaign's unit.
 */
export async function syncSurveyToDossier(db: Db, opts: { actor: Actor; campaignId: number }) {
  const { actor } = opts;
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, opts.campaignId, { light: true });
    await requireAbility(tx, actor, 'survey.manage', { unitCode: c.unitCode });
    const r = await syncDossier(tx, c);
    await recordEvent(tx, {
      type: 'survey.synced',
      actor,
      unitCode: c.unitCode,
      dossierId: c.dossierId,
      data: { campaign_id: c.id, state: r.state },
    });
    return r;
  });
}
