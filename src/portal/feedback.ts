/**
 * Residents' feedback (ý kiến người dân) on a unit's criterion: submitted without an account behind
 * a CAPTCHA, queued for moderation, shown publicly once approved with the official's answer. The
 * phone number and the sender's address stay internal.
 */
import { type Actor, can, requireAbility, requireAbilitySomewhere } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireFramework } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { requireUnitChain } from '../units/read.ts';
import { consumeCaptcha } from './captcha.ts';
import { unsafeEffectivePublications } from './publication.ts';

export type FeedbackState = 'pending' | 'approved' | 'rejected';

/** Limits of what a resident may send. */
export const feedbackLimits = { name: [2, 100], content: [10, 2000] } as const;

/** Vietnamese phone numbers: mobile 0[35789]xxxxxxxx or landline 02xxxxxxxxx, or +84 instead of 0. */
export function normalizePhone(raw: string): string | null {
  const s = raw.replace(/[\s.\-()]/g, '');
  const local = s.startsWith('+84')
    ? `0${s.slice(3)}`
    : s.startsWith('84') && s.length === 11
      ? `0${s.slice(2)}`
      : s;
  return /^0[35789]\d{8}$/.test(local) || /^02\d{9}$/.test(local) ? local : null;
}

export interface FeedbackItem {
  id: number;
  unitCode: string;
  unitName: string | null;
  frameworkId: string;
  criterionNo: string;
  criterionName: string | null;
  authorName: string;
  phone: string | null;
  content: string;
  state: FeedbackState;
  rejectReason: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  moderatedBy: string | null;
  createdAt: string;
}

interface FeedbackRow {
  id: number;
  unit_code: string;
  unit_name: string | null;
  framework_id: string;
  criterion_no: string;
  author_name: string;
  phone: string | null;
  content: string;
  state: FeedbackState;
  reject_reason: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  moderated_by: string | null;
  created_at: string;
}

const select = `SELECT f.id, f.unit_code, (SELECT u.name FROM units u WHERE u.code = f.unit_code ORDER BY u.valid_to DESC LIMIT 1) AS unit_name,
  f.framework_id, f.criterion_no, f.author_name, f.phone, f.content, f.state, f.reject_reason, f.answer, f.answered_by,
  f.answered_at::text AS answered_at, f.moderated_by, f.created_at::text AS created_at FROM portal_feedback f`;

async function present(db: Db, rows: FeedbackRow[]): Promise<FeedbackItem[]> {
  const names = new Map<string, Map<string, string>>();
  for (const id of new Set(rows.map((r) => r.framework_id))) {
    try {
      const fw = await requireFramework(db, id);
      names.set(id, new Map(fw.compiled.criteria.map((c) => [c.no, c.name])));
    } catch {
      names.set(id, new Map());
    }
  }
  return rows.map((r) => ({
    id: r.id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    frameworkId: r.framework_id,
    criterionNo: r.criterion_no,
    criterionName: names.get(r.framework_id)?.get(r.criterion_no) ?? null,
    authorName: r.author_name,
    phone: r.phone,
    content: r.content,
    state: r.state,
    rejectReason: r.reject_reason,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    moderatedBy: r.moderated_by,
    createdAt: r.created_at,
  }));
}

function lengthIssue(field: string, value: string, [min, max]: readonly [number, number]) {
  if (value.length < min || value.length > max)
    return {
      field,
      value: value.slice(0, 40),
      message: text(`cần từ ${min} đến ${max} ký tự`, `${min}–${max} characters`),
    };
  return null;
}

/**
 * A resident's feedback on a criterion whose statuses are public for the unit. Fields are checked
 * first, then the CAPTCHA (used up even when wrong); nothing is stored unless both pass.
 */
export async function submitFeedback(
  db: Db,
  opts: {
    unitCode: string;
    frameworkId: string;
    criterionNo: string;
    name: string;
    phone?: string | null;
    content: string;
    captchaId: string;
    captchaAnswer: string;
    address: string | null;
    date: string;
    now?: Date;
  },
): Promise<FeedbackItem> {
  const name = opts.name.trim();
  const content = opts.content.trim();
  const issues = [
    lengthIssue('name', name, feedbackLimits.name),
    lengthIssue('content', content, feedbackLimits.content),
  ].filter((i) => i !== null);
  const rawPhone = opts.phone?.trim() ?? '';
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone && !phone)
    issues.push({
      field: 'phone',
      value: rawPhone.slice(0, 20),
      message: text(
        'số điện thoại Việt Nam không hợp lệ (ví dụ 0912345678)',
        'not a Vietnamese phone number',
      ),
    });
  if (issues.length > 0)
    throw new AppError('INVALID_REQUEST', text('Ý kiến chưa hợp lệ', 'the feedback is not valid'), issues);
  const chain = await requireUnitChain(db, opts.unitCode, opts.date);
  const pub = (
    await unsafeEffectivePublications(
      db,
      chain.map((u) => u.code),
    )
  ).get(opts.frameworkId);
  const fw = pub?.publishCriteria ? await requireFramework(db, opts.frameworkId) : null;
  if (!fw?.compiled.criteria.some((c) => c.no === opts.criterionNo))
    throw new AppError(
      'CRITERION_NOT_FOUND',
      text(
        `Đơn vị ${opts.unitCode} không công khai tiêu chí ${opts.criterionNo} của bộ ${opts.frameworkId}`,
        `no such public criterion`,
      ),
      [
        {
          field: 'criterion_no',
          value: opts.criterionNo,
          message: text('không có tiêu chí công khai này', 'no such public criterion'),
        },
      ],
    );
  await consumeCaptcha(db, { id: opts.captchaId, answer: opts.captchaAnswer, now: opts.now });
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO portal_feedback (unit_code, framework_id, criterion_no, author_name, phone, content, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [opts.unitCode, opts.frameworkId, opts.criterionNo, name, phone, content, opts.address],
    );
    await recordEvent(tx, {
      type: 'feedback.submitted',
      actor: { userId: null, username: `người dân: ${name}`.slice(0, 100) },
      unitCode: opts.unitCode,
      data: { feedback_id: row!.id, framework_id: opts.frameworkId, criterion_no: opts.criterionNo },
    });
    return (await present(tx, await tx.query<FeedbackRow>(`${select} WHERE f.id = $1`, [row!.id])))[0]!;
  });
}

/** Approved feedback of a unit with the official answers (public: no phone, no address). */
export async function unsafeListApprovedFeedback(db: Db, unitCode: string): Promise<FeedbackItem[]> {
  return present(
    db,
    await db.query<FeedbackRow>(
      `${select} WHERE f.unit_code = $1 AND f.state = 'approved' ORDER BY f.id DESC LIMIT 200`,
      [unitCode],
    ),
  );
}

/** The moderation queue: feedback in the units where the official may moderate (pending first). */
export async function listFeedbackQueue(
  db: Db,
  actor: Actor,
  opts: { state?: FeedbackState } = {},
): Promise<Array<FeedbackItem & { abilities: { moderate: boolean } }>> {
  requireAbilitySomewhere(actor, 'feedback.moderate');
  const rows = await db.query<FeedbackRow>(
    `${select} WHERE ($1::text IS NULL OR f.state = $1) ORDER BY (f.state = 'pending') DESC, f.id DESC LIMIT 500`,
    [opts.state ?? null],
  );
  const out = [];
  for (const item of await present(db, rows)) {
    const target = { unitCode: item.unitCode, frameworkId: item.frameworkId };
    if (await can(db, actor, 'feedback.moderate', target))
      out.push({ ...item, abilities: { moderate: true } });
  }
  return out;
}

async function requireFeedback(tx: Db, id: number): Promise<FeedbackRow> {
  const row = (await tx.query<FeedbackRow>(`${select} WHERE f.id = $1 FOR UPDATE OF f`, [id]))[0];
  if (!row) throw new AppError('FEEDBACK_NOT_FOUND', text(`Không có ý kiến số ${id}`, `no such feedback`));
  return row;
}

/**
 * Moderates one item: approve (shown publicly), reject (with a reason, never shown), or answer
 * (the official's reply, shown under an approved item; answering also approves a pending one).
 */
export async function moderateFeedback(
  db: Db,
  actor: Actor,
  opts: {
    feedbackId: number;
    action: 'approve' | 'reject' | 'answer';
    reason?: string | null;
    answer?: string | null;
  },
): Promise<FeedbackItem> {
  return db.transaction(async (tx) => {
    const f = await requireFeedback(tx, opts.feedbackId);
    await requireAbility(tx, actor, 'feedback.moderate', {
      unitCode: f.unit_code,
      frameworkId: f.framework_id,
    });
    if (opts.action === 'reject') {
      const reason = opts.reason?.trim() ?? '';
      if (reason.length < 3)
        throw new AppError('INVALID_REQUEST', text('Cần ghi lý do từ chối', 'a reason is required'), [
          { field: 'reason', message: text('thiếu lý do', 'missing reason') },
        ]);
      await tx.query(
        `UPDATE portal_feedback SET state = 'rejected', reject_reason = $2, moderated_by = $3, moderated_at = now() WHERE id = $1`,
        [f.id, reason, actor.username],
      );
      await recordEvent(tx, {
        type: 'feedback.rejected',
        actor,
        unitCode: f.unit_code,
        data: { feedback_id: f.id, reason },
      });
    } else if (opts.action === 'approve') {
      if (f.state === 'approved')
        throw new AppError(
          'FEEDBACK_ALREADY_APPROVED',
          text(`Ý kiến số ${f.id} đã được duyệt`, `already approved`),
        );
      await tx.query(
        `UPDATE portal_feedback SET state = 'approved', reject_reason = NULL, moderated_by = $2, moderated_at = now() WHERE id = $1`,
        [f.id, actor.username],
      );
      await recordEvent(tx, {
        type: 'feedback.approved',
        actor,
        unitCode: f.unit_code,
        data: { feedback_id: f.id },
      });
    } else {
      const answer = opts.answer?.trim() ?? '';
      if (answer.length < 2 || answer.length > 4000)
        throw new AppError(
          'INVALID_REQUEST',
          text('Câu trả lời cần từ 2 đến 4000 ký tự', 'the answer needs 2–4000 characters'),
          [{ field: 'answer', message: text('độ dài không hợp lệ', 'bad length') }],
        );
      if (f.state === 'rejected')
        throw new AppError(
          'FEEDBACK_ALREADY_REJECTED',
          text(`Ý kiến số ${f.id} đã bị từ chối, không trả lời công khai được`, `rejected`),
        );
      await tx.query(
        `UPDATE portal_feedback SET state = 'approved', answer = $2, answered_by = $3, answered_at = now(),
           moderated_by = coalesce(moderated_by, $3), moderated_at = coalesce(moderated_at, now()) WHERE id = $1`,
        [f.id, answer, actor.username],
      );
      if (f.state === 'pending')
        await recordEvent(tx, {
          type: 'feedback.approved',
          actor,
          unitCode: f.unit_code,
          data: { feedback_id: f.id },
        });
      await recordEvent(tx, {
        type: 'feedback.answered',
        actor,
        unitCode: f.unit_code,
        data: { feedback_id: f.id, answer },
      });
    }
    return (await present(tx, await tx.query<FeedbackRow>(`${select} WHERE f.id = $1`, [f.id])))[0]!;
  });
}
