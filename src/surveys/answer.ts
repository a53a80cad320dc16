/**
 * Answering: a household's code opens the questionnaire once (no account needed); an official
 * may key a paper ballot against the same code (channel 'paper', recorded with who keyed it).
 * A code works once (the answer's primary key is the household), answers outside the window are
 * refused, and the dossier's satisfaction figure follows in the same transaction.
 */
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { loadCampaign, phaseOf } from './campaigns.ts';
import { hashCode, normaliseCode } from './households.ts';
import { syncDossier } from './sync.ts';

export type Choice = 'satisfied' | 'not_satisfied' | 'no_opinion';
export const choices: readonly Choice[] = ['satisfied', 'not_satisfied', 'no_opinion'];

interface HouseholdRow {
  id: number;
  campaign_id: number;
  village: string;
  answered: boolean;
}

async function householdByCode(db: Db, code: string): Promise<HouseholdRow> {
  const clean = normaliseCode(code);
  const [h] = /^[0-9A-Z]{4,20}$/.test(clean)
    ? await db.query<HouseholdRow>(
        `SELECT h.id, h.campaign_id, v.name AS village, (a.household_id IS NOT NULL) AS answered
         FROM survey_households h JOIN survey_villages v ON v.id = h.village_id
         LEFT JOIN survey_answers a ON a.household_id = h.id WHERE h.code_hash = $1`,
        [hashCode(clean)],
      )
    : [];
  if (!h)
    throw new AppError(
      'SURVEY_CODE_NOT_FOUND',
      text('Mã khảo sát không đúng. Vui lòng kiểm tra lại mã in trên phiếu', 'unknown survey code'),
    );
  return h;
}

function requireOpen(c: { opensAt: string; closesAt: string }, now = new Date()) {
  const phase = phaseOf(c, now);
  const fmt = (s: string) =>
    new Date(s).toLocaleString('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      dateStyle: 'short',
      timeStyle: 'short',
    });
  if (phase === 'upcoming')
    throw new AppError(
      'SURVEY_NOT_OPEN',
      text(`Đợt khảo sát chưa bắt đầu (mở lúc ${fmt(c.opensAt)})`, `the survey has not opened yet`),
    );
  if (phase === 'closed')
    throw new AppError(
      'SURVEY_CLOSED',
      text(`Đợt khảo sát đã kết thúc lúc ${fmt(c.closesAt)}`, `the survey is closed`),
    );
}

/** What a resident sees after typing or scanning the code: the questionnaire, or why not. */
export async function openSurvey(db: Db, opts: { code: string }) {
  const h = await householdByCode(db, opts.code);
  const c = await loadCampaign(db, h.campaign_id, { light: true });
  if (h.answered)
    throw new AppError(
      'SURVEY_ALREADY_ANSWERED',
      text(
        'Mã này đã được dùng để trả lời; mỗi hộ chỉ trả lời một lần. Cảm ơn ông/bà',
        'this code has already been used',
      ),
    );
  requireOpen(c);
  return {
    title: c.title,
    unit_code: c.unitCode,
    village: h.village,
    closes_at: c.closesAt,
    questions: c.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      criterion_no: q.criterionNo,
      text: q.text,
    })),
  };
}

export interface AnswerItem {
  questionId: number;
  choice: Choice;
  comment?: string | null;
}

interface Answered {
  campaignId: number;
  village: string;
  channel: 'web' | 'paper';
}

/**
 * A resident answers with the household's code (no account: the code is the permission). The
 * overall question must be answered; a criterion question left out counts as "no opinion".
 */
export async function answerSurvey(
  db: Db,
  opts: { code: string; items: AnswerItem[]; now?: Date },
): Promise<Answered> {
  return db.transaction((tx) => storeAnswer(tx, { ...opts, channel: 'web', keyedBy: null }));
}

/**
 * An official keys a paper ballot against its household's code, on one campaign's page (a code
 * of another campaign is refused). Needs survey.key_paper on the campaign's unit.
 */
export async function keyPaperBallot(
  db: Db,
  opts: { actor: Actor; campaignId: number; code: string; items: AnswerItem[]; now?: Date },
): Promise<Answered> {
  return db.transaction((tx) => storeAnswer(tx, { ...opts, channel: 'paper', keyedBy: opts.actor }));
}

/** Checks and stores one household's answers, its audit event and the dossier's figure, in `tx`. */
async function storeAnswer(
  tx: Db,
  opts: {
    code: string;
    items: AnswerItem[];
    channel: 'web' | 'paper';
    keyedBy: Actor | null;
    campaignId?: number;
    now?: Date;
  },
): Promise<Answered> {
  const h = await householdByCode(tx, opts.code);
  if (opts.campaignId !== undefined && h.campaign_id !== opts.campaignId)
    throw new AppError(
      'SURVEY_CODE_NOT_FOUND',
      text(`Mã này không thuộc đợt khảo sát #${opts.campaignId}`, `the code belongs to another campaign`),
    );
  const c = await loadCampaign(tx, h.campaign_id, { light: true });
  if (opts.keyedBy) await requireAbility(tx, opts.keyedBy, 'survey.key_paper', { unitCode: c.unitCode });
  requireOpen(c, opts.now);
  const known = new Map(c.questions.map((q) => [q.id, q]));
  const issues = opts.items.flatMap((it, i) => {
    const out = [];
    if (!known.has(it.questionId))
      out.push({
        field: `answers[${i}].question_id`,
        value: String(it.questionId),
        message: text('không có câu hỏi này', 'unknown question'),
      });
    if (!choices.includes(it.choice))
      out.push({
        field: `answers[${i}].choice`,
        value: String(it.choice),
        message: text('lựa chọn không hợp lệ', 'invalid choice'),
      });
    return out;
  });
  const given = new Map(opts.items.map((it) => [it.questionId, it]));
  if (given.size !== opts.items.length)
    issues.push({
      field: 'answers',
      value: '',
      message: text('một câu hỏi được trả lời hai lần', 'question answered twice'),
    });
  const overall = c.questions.find((q) => q.kind === 'overall');
  if (overall && !given.has(overall.id))
    issues.push({
      field: 'answers',
      value: String(overall.id),
      message: text('chưa trả lời câu hỏi chung', 'overall question missing'),
    });
  if (issues.length > 0)
    throw new AppError(
      'INVALID_REQUEST',
      text('Phiếu trả lời chưa hợp lệ, chưa được ghi nhận', 'invalid answers'),
      issues,
    );
  const inserted = await tx.query(
    `INSERT INTO survey_answers (household_id, campaign_id, channel, keyed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (household_id) DO NOTHING RETURNING household_id`,
    [h.id, c.id, opts.channel, opts.keyedBy?.username ?? null],
  );
  if (inserted.length === 0)
    throw new AppError(
      'SURVEY_ALREADY_ANSWERED',
      text('Mã này đã được dùng để trả lời; mỗi hộ chỉ trả lời một lần', 'this code has already been used'),
    );
  const rows = c.questions.map((q) => {
    const it = given.get(q.id);
    return {
      q: q.id,
      choice: it?.choice ?? 'no_opinion',
      comment: it?.comment?.trim().slice(0, 1000) || null,
    };
  });
  await tx.query(
    `INSERT INTO survey_answer_items (household_id, question_id, choice, comment)
     SELECT $1, t.q, t.c, t.m FROM unnest($2::int[], $3::text[], $4::text[]) AS t(q, c, m)`,
    [h.id, rows.map((r) => r.q), rows.map((r) => r.choice), rows.map((r) => r.comment)],
  );
  await recordEvent(tx, {
    type: opts.keyedBy ? 'survey.paper_keyed' : 'survey.answered',
    actor: opts.keyedBy ?? { userId: null, username: 'người dân' },
    unitCode: c.unitCode,
    dossierId: c.dossierId,
    data: { campaign_id: c.id, village: h.village, channel: opts.channel },
  });
  await syncDossier(tx, c);
  return { campaignId: c.id, village: h.village, channel: opts.channel };
}
