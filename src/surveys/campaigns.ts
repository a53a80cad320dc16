/**
 * Survey campaigns (đợt lấy ý kiến sự hài lòng của người dân): a unit's poll, optionally for one
 * recognition dossier, with its window, questionnaire and villages. Required coverage and pass
 * rates are campaign settings left unset ("chưa quy định") until an official enters them: the
 * official figures (MTTQ guidance 90/HD-MTTW-BTT) are not in the project's sourced data.
 */
import { type Action, type Actor, abilitiesFor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { readProcedure } from '../dossiers/procedure.ts';
import { requireDossier } from '../dossiers/store.ts';
import { AppError } from '../errors.ts';
import { requireFramework } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { presentCampaignHead } from './present.ts';

export interface Question {
  id: number;
  position: number;
  kind: 'overall' | 'criterion';
  criterionNo: string | null;
  text: string;
}

export interface Campaign {
  id: number;
  unitCode: string;
  dossierId: number | null;
  title: string;
  opensAt: string;
  closesAt: string;
  requiredCoveragePct: number | null;
  requiredPassPct: number | null;
  resultsPublic: boolean;
  commentsPublic: boolean;
  createdBy: string;
  createdAt: string;
  villages: Array<{ id: number; name: string; households: number }>;
  questions: Question[];
  households: number;
  answers: number;
  /** open: inside the window; upcoming / closed: outside it. */
  phase: 'upcoming' | 'open' | 'closed';
}

interface CampaignRow {
  id: number;
  unit_code: string;
  dossier_id: number | null;
  title: string;
  opens_at: Date | string;
  closes_at: Date | string;
  required_coverage_pct: number | null;
  required_pass_pct: number | null;
  results_public: boolean;
  comments_public: boolean;
  created_by: string;
  created_at: Date | string;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

export function phaseOf(c: { opensAt: string; closesAt: string }, now = new Date()): Campaign['phase'] {
  if (now < new Date(c.opensAt)) return 'upcoming';
  if (now >= new Date(c.closesAt)) return 'closed';
  return 'open';
}

export const OVERALL_QUESTION = 'Ông/bà có hài lòng với kết quả xây dựng nông thôn mới của địa phương không?';

/**
 * Reads a campaign with its villages, questions and counts, or throws SURVEY_NOT_FOUND. `light`
 * (answering) skips the villages and counts, which read the whole frame.
 */
export async function loadCampaign(
  db: Db,
  id: number,
  opts: { forUpdate?: boolean; light?: boolean } = {},
): Promise<Campaign> {
  const [r] = await db.query<CampaignRow>(
    `SELECT * FROM survey_campaigns WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!r)
    throw new AppError('SURVEY_NOT_FOUND', text(`Không có đợt khảo sát #${id}`, `survey campaign not found`));
  const villages = opts.light
    ? []
    : await db.query<{ id: number; name: string; households: number }>(
        `SELECT v.id, v.name, count(h.id)::int AS households FROM survey_villages v
     LEFT JOIN survey_households h ON h.village_id = v.id WHERE v.campaign_id = $1 GROUP BY v.id ORDER BY v.id`,
        [id],
      );
  const questions = await db.query<{
    id: number;
    position: number;
    kind: 'overall' | 'criterion';
    criterion_no: string | null;
    text: string;
  }>(
    'SELECT id, position, kind, criterion_no, text FROM survey_questions WHERE campaign_id = $1 ORDER BY position',
    [id],
  );
  const [n] = opts.light
    ? [{ n: 0 }]
    : await db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_answers WHERE campaign_id = $1', [
        id,
      ]);
  const c = {
    id: r.id,
    unitCode: r.unit_code,
    dossierId: r.dossier_id,
    title: r.title,
    opensAt: iso(r.opens_at),
    closesAt: iso(r.closes_at),
    requiredCoveragePct: r.required_coverage_pct,
    requiredPassPct: r.required_pass_pct,
    resultsPublic: r.results_public,
    commentsPublic: r.comments_public,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    villages,
    questions: questions.map((q) => ({
      id: q.id,
      position: q.position,
      kind: q.kind,
      criterionNo: q.criterion_no,
      text: q.text,
    })),
    households: villages.reduce((s, v) => s + v.households, 0),
    answers: n!.n,
  };
  return { ...c, phase: phaseOf(c) };
}

/** The campaign with the caller's survey abilities (read permission checked). */
export async function readCampaign(db: Db, opts: { actor: Actor; campaignId: number }) {
  const { actor } = opts;
  const c = await loadCampaign(db, opts.campaignId);
  await requireAbility(db, actor, 'survey.read', { unitCode: c.unitCode });
  // The linked dossier's satisfaction step as the dossier records it (what "ghi vào hồ sơ" wrote).
  const dossier =
    c.dossierId === null
      ? null
      : { id: c.dossierId, satisfaction: (await readProcedure(db, c.dossierId)).satisfaction };
  return { ...c, dossier, abilities: await surveyAbilities(db, actor, c.unitCode) };
}

async function surveyAbilities(db: Db, actor: Actor, unitCode: string) {
  const all = await abilitiesFor(db, actor, { unitCode });
  const pick: Action[] = ['survey.read', 'survey.manage', 'survey.key_paper'];
  return Object.fromEntries(pick.map((a) => [a, all[a]])) as Record<
    'survey.read' | 'survey.manage' | 'survey.key_paper',
    boolean
  >;
}

/** Campaigns of the units the caller may read (optionally one unit). */
export async function listCampaigns(db: Db, opts: { actor: Actor; unitCode?: string }) {
  const { actor } = opts;
  const rows = await db.query<{ id: number; unit_code: string }>(
    opts.unitCode
      ? 'SELECT id, unit_code FROM survey_campaigns WHERE unit_code = $1 ORDER BY id DESC'
      : 'SELECT id, unit_code FROM survey_campaigns ORDER BY id DESC',
    opts.unitCode ? [opts.unitCode] : [],
  );
  const out = [];
  for (const r of rows) {
    const ab = await surveyAbilities(db, actor, r.unit_code);
    if (!ab['survey.read']) continue;
    const c = await loadCampaign(db, r.id);
    out.push({
      ...presentCampaignHead(c),
      abilities: ab,
    });
  }
  return out;
}

export interface CampaignInput {
  unitCode?: string;
  dossierId?: number | null;
  title: string;
  opensAt: string;
  closesAt: string;
  requiredCoveragePct?: number | null;
  requiredPassPct?: number | null;
  resultsPublic?: boolean;
  commentsPublic?: boolean;
  villages?: string[];
}

function checkWindow(opensAt: string, closesAt: string) {
  const o = Date.parse(opensAt);
  const c = Date.parse(closesAt);
  if (Number.isNaN(o) || Number.isNaN(c) || c <= o)
    throw new AppError(
      'INVALID_REQUEST',
      text('Thời gian khảo sát không hợp lệ: cần giờ mở trước giờ đóng', 'invalid window'),
      [
        {
          field: 'closes_at',
          value: closesAt,
          message: text('phải sau thời điểm mở', 'must be after opens_at'),
        },
      ],
    );
}

function cleanVillages(names: string[]): string[] {
  const out = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  return out;
}

/**
 * Creates a campaign: for a dossier (its unit, its framework's criteria as questions) or alone
 * for a unit (questions from `frameworkId` when given, else only the overall question).
 */
export async function createCampaign(
  db: Db,
  input: CampaignInput & { actor: Actor; frameworkId?: string },
): Promise<Campaign> {
  const { actor } = input;
  checkWindow(input.opensAt, input.closesAt);
  let unitCode = input.unitCode;
  let frameworkId = input.frameworkId;
  let frameworkVersion: number | undefined;
  if (input.dossierId != null) {
    const d = await requireDossier(db, input.dossierId);
    if (unitCode && unitCode !== d.unitCode)
      throw new AppError(
        'INVALID_REQUEST',
        `Hồ sơ #${d.id} thuộc đơn vị ${d.unitCode}, không phải ${unitCode}`,
        [
          {
            field: 'unit_code',
            value: unitCode,
            message: text('khác đơn vị của hồ sơ', 'not the dossier unit'),
          },
        ],
      );
    unitCode = d.unitCode;
    frameworkId = d.frameworkId;
    frameworkVersion = d.frameworkVersion;
  }
  if (!unitCode)
    throw new AppError('INVALID_REQUEST', text('Cần đơn vị hoặc hồ sơ', 'unit_code or dossier_id required'), [
      { field: 'unit_code', message: text('thiếu giá trị bắt buộc', 'required') },
    ]);
  const criteria = frameworkId
    ? (await requireFramework(db, frameworkId, frameworkVersion)).def.criteria.map((c) => ({
        no: String(c.no),
        name: c.name,
      }))
    : [];
  return db.transaction(async (tx) => {
    await requireAbility(tx, actor, 'survey.manage', { unitCode });
    const [unit] = await tx.query('SELECT 1 FROM units WHERE code = $1 LIMIT 1', [unitCode]);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị ${unitCode}`, `unknown unit`));
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO survey_campaigns (unit_code, dossier_id, title, opens_at, closes_at, required_coverage_pct,
         required_pass_pct, results_public, comments_public, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        unitCode,
        input.dossierId ?? null,
        input.title.trim(),
        input.opensAt,
        input.closesAt,
        input.requiredCoveragePct ?? null,
        input.requiredPassPct ?? null,
        input.resultsPublic ?? false,
        input.commentsPublic ?? false,
        actor.username,
      ],
    );
    const id = row!.id;
    const questions = [
      { kind: 'overall', no: null as string | null, text: OVERALL_QUESTION },
      ...criteria.map((c) => ({
        kind: 'criterion',
        no: c.no,
        text: `Tiêu chí ${c.no} – ${c.name}: ông/bà có hài lòng với kết quả thực hiện không?`,
      })),
    ];
    for (const [i, q] of questions.entries())
      await tx.query(
        'INSERT INTO survey_questions (campaign_id, position, kind, criterion_no, text) VALUES ($1, $2, $3, $4, $5)',
        [id, i, q.kind, q.no, q.text],
      );
    for (const v of cleanVillages(input.villages ?? []))
      await tx.query('INSERT INTO survey_villages (campaign_id, name) VALUES ($1, $2)', [id, v]);
    await recordEvent(tx, {
      type: 'survey.created',
      actor,
      unitCode,
      dossierId: input.dossierId ?? null,
      data: { campaign_id: id, title: input.title, questions: questions.length },
    });
    return loadCampaign(tx, id);
  });
}

/** Changes the settings (title, window, required rates, publication, added villages). */
export async function updateCampaign(
  db: Db,
  opts: { actor: Actor; campaignId: number; changes: Partial<Omit<CampaignInput, 'unitCode' | 'dossierId'>> },
): Promise<Campaign> {
  const { actor, campaignId: id } = opts;
  // Only the settings given change (an absent one keeps its value).
  const input = Object.fromEntries(
    Object.entries(opts.changes).filter(([, v]) => v !== undefined),
  ) as typeof opts.changes;
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id, { forUpdate: true });
    await requireAbility(tx, actor, 'survey.manage', { unitCode: c.unitCode });
    const next = { ...c, ...input };
    checkWindow(next.opensAt, next.closesAt);
    await tx.query(
      `UPDATE survey_campaigns SET title = $2, opens_at = $3, closes_at = $4, required_coverage_pct = $5,
         required_pass_pct = $6, results_public = $7, comments_public = $8 WHERE id = $1`,
      [
        id,
        next.title,
        next.opensAt,
        next.closesAt,
        next.requiredCoveragePct ?? null,
        next.requiredPassPct ?? null,
        next.resultsPublic,
        next.commentsPublic,
      ],
    );
    const known = new Set(c.villages.map((v) => v.name));
    for (const v of cleanVillages(input.villages ?? []))
      if (!known.has(v))
        await tx.query('INSERT INTO survey_villages (campaign_id, name) VALUES ($1, $2)', [id, v]);
    await recordEvent(tx, {
      type: 'survey.updated',
      actor,
      unitCode: c.unitCode,
      dossierId: c.dossierId,
      data: { campaign_id: id, fields: Object.keys(input) },
    });
    return loadCampaign(tx, id);
  });
}

/**
 * Replaces the questionnaire (the overall question first, then criterion questions). Refused
 * once answers exist (SURVEY_HAS_ANSWERS): answers must keep meaning what was asked.
 */
export async function setQuestions(
  db: Db,
  opts: {
    actor: Actor;
    campaignId: number;
    questions: Array<{ kind: 'overall' | 'criterion'; criterionNo?: string | null; text: string }>;
  },
): Promise<Campaign> {
  const { actor, campaignId: id, questions } = opts;
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id, { forUpdate: true });
    await requireAbility(tx, actor, 'survey.manage', { unitCode: c.unitCode });
    if (c.answers > 0)
      throw new AppError(
        'SURVEY_HAS_ANSWERS',
        text(
          `Đợt khảo sát đã có ${c.answers} phiếu trả lời: không sửa được bảng hỏi`,
          `the questionnaire cannot change once answered`,
        ),
      );
    const overall = questions.filter((q) => q.kind === 'overall');
    const issues = questions.flatMap((q, i) =>
      q.text.trim() === ''
        ? [{ field: `questions[${i}].text`, message: text('câu hỏi trống', 'empty question') }]
        : [],
    );
    if (overall.length !== 1)
      issues.push({
        field: 'questions',
        message: text('cần đúng một câu hỏi chung', 'exactly one overall question'),
      });
    if (issues.length > 0)
      throw new AppError(
        'INVALID_REQUEST',
        text('Bảng hỏi không hợp lệ, không có gì thay đổi', 'invalid questionnaire'),
        issues,
      );
    const ordered = [...overall, ...questions.filter((q) => q.kind !== 'overall')];
    await tx.query('DELETE FROM survey_questions WHERE campaign_id = $1', [id]);
    for (const [i, q] of ordered.entries())
      await tx.query(
        'INSERT INTO survey_questions (campaign_id, position, kind, criterion_no, text) VALUES ($1, $2, $3, $4, $5)',
        [id, i, q.kind, q.kind === 'criterion' ? (q.criterionNo ?? null) : null, q.text.trim()],
      );
    await recordEvent(tx, {
      type: 'survey.questions_set',
      actor,
      unitCode: c.unitCode,
      dossierId: c.dossierId,
      data: { campaign_id: id, questions: ordered.length },
    });
    return loadCampaign(tx, id);
  });
}
