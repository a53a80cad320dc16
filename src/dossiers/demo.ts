/**
 * The demo's recognition dossiers, walked through the real use cases so that every demo account
 * finds work waiting (QĐ 18/2022/QĐ-TTg workflow):
 * - the past, from /work/shared/data/hanoi-ntm-facts.md: huyện Gia Lâm and huyện Thanh Trì
 *   recognised as NTM nâng cao năm 2023 (QĐ 1574/QĐ-TTg effective 16/12/2024; Thanh Trì's
 *   decision of 30/9/2024, number not found, so not given), appraised by the city's
 *   coordination office;
 * - the 2025 round of the communes made on 1/7/2025, in every workflow state: Xã Phù Đổng
 *   self-assessed (demo.xa submits), Xã Ngọc Hồi submitted and Xã Thuận An fully ruled
 *   (demo.vpdp), Xã Bát Tràng and Xã Thanh Trì under appraisal with one department waiting
 *   (demo.sogiaothong, demo.sogiaoduc), Xã Đại Thanh in rework, Xã Gia Lâm appraised
 *   (demo.hoidong votes).
 * Self-assessments and rulings follow the computed statuses of the demo figures; evidence files
 * are small generated PDFs marked "minh họa". Actors are the demo accounts' usernames acting as
 * the system (the demo runs before the accounts exist).
 */

import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { demoPdf } from '../demo/demo-pdf.ts';
import type { IndicatorJson } from '../evaluations/report.ts';
import type { FileStore } from '../evidence/storage.ts';
import { uploadEvidence } from '../evidence/upload.ts';
import { viDate } from '../text.ts';
import {
  completeAppraisal,
  requestRework,
  ruleOnIndicator,
  startAppraisal,
  type Verdict,
} from './appraisal.ts';
import { createDossier } from './create.ts';
import { recognizeDossier, recordCouncilVote } from './decision.ts';
import { dossierItems, engineResults } from './items.ts';
import { recordProcedure } from './procedure.ts';
import type { ProcedureRecord } from './procedure-rules.ts';
import { selfAssessDossier } from './self-assessment.ts';
import { requireDossier } from './store.ts';
import { submitDossier } from './submission.ts';

export const demoNtm = 'vn-qd318-xa-ntm-2021-2025';
export const demoHuyenNc = 'vn-qd320-huyen-ntm-nang-cao-2021-2025';

const as = (username: string): Actor => ({ userId: null, username, grants: [] });
const office = as('demo.vpdp');
/** Criteria with a demo reviewer account (README's table); other criteria are ruled under the department's name. */
const reviewers: Record<string, string> = { '2': 'demo.sogiaothong', '5': 'demo.sogiaoduc' };

interface Ctx {
  db: Db;
  files: FileStore;
  /** Today in Vietnam (YYYY-MM-DD): dates of the live round are set before it. */
  today: string;
  pdfs: Map<string, Promise<Buffer>>;
  /** The computed statuses each dossier was self-assessed from (its figures do not change after). */
  results: Map<number, Map<string, IndicatorJson>>;
}

const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A complete procedure record (Điều 5 QĐ 18/2022) with its postings starting on `from`. */
function procedure(from: string, place: string, rate: number, households: number): ProcedureRecord {
  return {
    postings: [0, 3, 6, 9, 13].map((d) => ({ date: shift(from, d), place })),
    frontComments: { date: shift(from, 15), summary: 'Ủy ban MTTQ nhất trí với báo cáo kết quả (minh họa)' },
    satisfaction: { rate, surveyed: Math.round(households * 0.9), households },
    meeting: { date: shift(from, 20), attendees: 45, votesFor: 43, votesAgainst: 0, votesAbstain: 2 },
    debt: { date: shift(from, 18), outstanding: 0, note: null },
  };
}

/** The self-assessment report, one generated PDF per framework and round (generating is slow). */
function reportPdf(ctx: Ctx, framework: string, round: string): Promise<Buffer> {
  const key = `${framework}|${round}`;
  let pdf = ctx.pdfs.get(key);
  if (!pdf) {
    pdf = demoPdf(`Báo cáo kết quả thực hiện bộ tiêu chí, đợt ${round}`, [
      `Bộ tiêu chí: ${framework}`,
      'Báo cáo minh họa dùng chung cho các hồ sơ của bản demo TieuChi; số liệu là số liệu minh họa.',
    ]);
    ctx.pdfs.set(key, pdf);
  }
  return pdf;
}

/**
 * Opens a dossier and self-assesses every indicator from the computed status of the figures:
 * met (and indicators still without a legal threshold) claimed đạt with the report as evidence,
 * the rest chưa đạt with the reason. Returns the dossier id.
 */
async function openSelfAssessed(
  ctx: Ctx,
  opts: { unit: string; unitName: string; framework: string; round: string; by: Actor; creator?: Actor },
): Promise<number> {
  const { db, files } = ctx;
  const d = await createDossier(db, opts.creator ?? office, {
    unitCode: opts.unit,
    frameworkId: opts.framework,
    round: opts.round,
  });
  const { items } = await dossierItems(db, d);
  const { byCode } = await engineResults(db, d);
  ctx.results.set(d.id, byCode);
  const status = (code: string) => byCode.get(code)?.status ?? 'no_data';
  const claimed = items.filter((i) => ['met', 'rule_missing', 'not_applicable'].includes(status(i.code)));
  const report = await reportPdf(ctx, opts.framework, opts.round);
  if (claimed.length > 0)
    await uploadEvidence(db, files, opts.by, {
      dossierId: d.id,
      files: [{ name: `bao-cao-ket-qua-${opts.round}.pdf`, bytes: report }],
      target: { indicatorCodes: claimed.map((i) => i.code) },
    });
  await selfAssessDossier(db, opts.by, {
    dossierId: d.id,
    items: items.map((i) => {
      const r = byCode.get(i.code);
      const s = status(i.code);
      if (s === 'met') return { indicatorCode: i.code, claim: 'met' as const };
      if (s === 'rule_missing')
        return {
          indicatorCode: i.code,
          claim: 'met' as const,
          explanation: 'Chưa có ngưỡng trong văn bản; tự đánh giá theo báo cáo kèm theo',
        };
      if (s === 'not_applicable')
        return { indicatorCode: i.code, claim: 'met' as const, explanation: 'Không áp dụng cho đơn vị' };
      return {
        indicatorCode: i.code,
        claim: 'not_met' as const,
        explanation:
          s === 'no_data' ? 'Chưa có số liệu' : `Chưa đạt: ${r?.reason || r?.threshold || ''}`.trim(),
      };
    }),
  });
  return d.id;
}

/** The ruling a reviewer gives from the computed status: pass, or fail naming the shortfall. */
function verdictFor(r: IndicatorJson | undefined): { verdict: Verdict; publicComment?: string } {
  if (!r || r.status === 'no_data')
    return { verdict: 'conditional', publicComment: 'Bổ sung số liệu và minh chứng của chỉ tiêu' };
  if (r.status === 'not_met' || r.status === 'basically_met')
    return { verdict: 'fail', publicComment: `Chưa đạt: ${r.reason || r.threshold}` };
  return { verdict: 'pass' };
}

/**
 * Department rulings on every indicator (or only on some criteria: the appraisal under way), under
 * the reviewer's account for criteria 2 and 5 and the department's name otherwise.
 */
async function ruleAll(
  ctx: Ctx,
  id: number,
  opts: {
    /** Criteria whose departments have not ruled yet (every other criterion is ruled). */
    waiting?: string[];
    override?: Record<string, { verdict: Verdict; publicComment: string }>;
    /** A past appraisal whose published conclusion was "đạt": every indicator passes, with this note. */
    publishedPass?: string;
  } = {},
): Promise<void> {
  const d = await requireDossier(ctx.db, id);
  const { fw, items } = await dossierItems(ctx.db, d);
  const byCode = ctx.results.get(id) ?? (await engineResults(ctx.db, d)).byCode;
  const departments = new Map(fw.def.criteria.map((c) => [String(c.no), c.department]));
  for (const i of items) {
    if (i.criterionNo && opts.waiting?.includes(i.criterionNo)) continue;
    const by = i.criterionNo
      ? (reviewers[i.criterionNo] ?? departments.get(i.criterionNo) ?? 'demo.vpdp')
      : 'demo.vpdp';
    const ruling = opts.publishedPass
      ? { verdict: 'pass' as const, internalNote: opts.publishedPass }
      : (opts.override?.[i.code] ?? verdictFor(byCode.get(i.code)));
    await ruleOnIndicator(ctx.db, as(by), { dossierId: id, indicatorCode: i.code, ...ruling });
  }
}

/** A dossier walked to its recognition, with the decision's scan replaced by a marked demo PDF. */
async function recognisePast(
  ctx: Ctx,
  opts: {
    unit: string;
    unitName: string;
    framework: string;
    round: string;
    postingsFrom: string;
    decision: { no: string; date: string; signer: string; source: string };
  },
): Promise<number> {
  const district = as(`UBND ${opts.unitName}`);
  const id = await openSelfAssessed(ctx, { ...opts, by: district });
  await recordProcedure(ctx.db, district, {
    dossierId: id,
    update: procedure(opts.postingsFrom, `Trụ sở UBND ${opts.unitName}`, 95.5, 60_000),
  });
  await submitDossier(ctx.db, district, { dossierId: id });
  await startAppraisal(ctx.db, office, { dossierId: id });
  await ruleAll(ctx, id, { publishedPass: `Theo kết quả đã công bố: ${opts.decision.source}` });
  await completeAppraisal(ctx.db, office, {
    dossierId: id,
    note: 'Văn phòng Điều phối NTM thành phố thẩm định: đủ điều kiện đề nghị công nhận',
  });
  for (const member of ['demo.hoidong', 'Thành viên hội đồng 2', 'Thành viên hội đồng 3'])
    await recordCouncilVote(ctx.db, as(member), { dossierId: id, vote: 'for' });
  const scan = await demoPdf(`Quyết định công nhận — ${opts.unitName}`, [
    `Số: ${opts.decision.no}; ngày ${viDate(opts.decision.date)}; ${opts.decision.signer}.`,
    'Đây không phải bản quét của quyết định: bản demo chỉ ghi lại các thông tin đã công bố.',
    `Nguồn: ${opts.decision.source}`,
  ]);
  const [file] = await uploadEvidence(ctx.db, ctx.files, office, {
    dossierId: id,
    files: [{ name: 'quyet-dinh-cong-nhan.pdf', bytes: scan }],
    target: { document: 'decision' },
  });
  await recognizeDossier(ctx.db, office, {
    dossierId: id,
    decisionNo: opts.decision.no,
    decisionDate: opts.decision.date,
    signer: opts.decision.signer,
    decisionFile: file!.sha256,
  });
  return id;
}

/** The 2025 round of a commune made on 1/7/2025, self-assessed by its officer. */
function open2025(ctx: Ctx, unit: string, unitName: string, by = `cán bộ ${unitName}`) {
  return openSelfAssessed(ctx, { unit, unitName, framework: demoNtm, round: '2025', by: as(by) });
}

async function submit2025(ctx: Ctx, id: number, unitName: string, by = `cán bộ ${unitName}`): Promise<void> {
  await recordProcedure(ctx.db, as(by), {
    dossierId: id,
    update: procedure(shift(ctx.today, -75), `Nhà văn hóa các thôn, ${unitName}`, 93.2, 9_500),
  });
  await submitDossier(ctx.db, as(by), { dossierId: id });
}

/**
 * Spreads a demo dossier's recorded steps over the days they would have taken, ending on `last`
 * (they were all written a moment ago): transitions, rulings, votes and the dossier's own times.
 * The audit trail keeps the real time the demo was loaded.
 */
async function backdate(db: Db, id: number, first: string, last: string): Promise<void> {
  await db.query(
    `WITH t AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () - 1 AS n
                  FROM dossier_transitions WHERE dossier_id = $1)
     UPDATE dossier_transitions d SET at = $2::timestamptz + ($3::timestamptz - $2::timestamptz)
         * (CASE WHEN t.n = 0 THEN 1 ELSE t.k::float8 / t.n END)
       FROM t WHERE d.id = t.id`,
    [id, `${first}T09:00:00+07:00`, `${last}T15:00:00+07:00`],
  );
  const at = `(SELECT max(at) FROM dossier_transitions WHERE dossier_id = $1)`;
  await db.query(`UPDATE dossier_rulings SET ruled_at = ${at} WHERE dossier_id = $1`, [id]);
  await db.query(`UPDATE dossier_votes SET voted_at = ${at} WHERE dossier_id = $1`, [id]);
  await db.query(
    `UPDATE dossiers SET created_at = (SELECT min(at) FROM dossier_transitions WHERE dossier_id = $1),
       updated_at = ${at} WHERE id = $1`,
    [id],
  );
}

/** Units of the demo dossiers, each with what it waits for. */
export interface DemoDossiers {
  ids: Record<string, number>;
}

/**
 * Loads the demo dossiers (skipped when the database already has dossiers). Needs the demo
 * figures of 2023 (districts) and 2025 (communes) loaded first.
 */
export async function loadDossiersDemo(
  db: Db,
  opts: { files: FileStore; today: string; log?: (m: string) => void },
): Promise<DemoDossiers> {
  if ((await db.query('SELECT 1 FROM dossiers LIMIT 1')).length > 0) return { ids: {} };
  const ctx: Ctx = { db, files: opts.files, today: opts.today, pdfs: new Map(), results: new Map() };
  const ids: Record<string, number> = {};
  // The past: the two NC districts of 2023 (hanoi-ntm-facts.md §2a, §2c).
  ids['018'] = await recognisePast(ctx, {
    unit: '018',
    unitName: 'huyện Gia Lâm',
    framework: demoHuyenNc,
    round: '2023',
    postingsFrom: '2024-03-04',
    decision: {
      no: '1574/QĐ-TTg',
      date: '2024-12-16',
      signer: 'Phó Thủ tướng Trần Hồng Hà',
      source:
        'https://baodautu.vn/cong-nhan-huyen-gia-lam-thanh-pho-ha-noi-dat-chuan-nong-thon-moi-nang-cao-d232966.html',
    },
  });
  ids['020'] = await recognisePast(ctx, {
    unit: '020',
    unitName: 'huyện Thanh Trì',
    framework: demoHuyenNc,
    round: '2023',
    postingsFrom: '2024-01-08',
    decision: {
      no: 'chưa rõ số hiệu',
      date: '2024-09-30',
      signer: 'Phó Thủ tướng Trần Hồng Hà',
      source:
        'https://langngheviet.com.vn/huyen-thanh-tri-tp-ha-noi-dat-chuan-nong-thon-moi-nang-cao-31261.html',
    },
  });
  // The live 2025 round, one dossier per workflow state.
  ids['00541'] = await open2025(ctx, '00541', 'Xã Phù Đổng', 'demo.xa');
  ids['00679'] = await open2025(ctx, '00679', 'Xã Ngọc Hồi');
  await submit2025(ctx, ids['00679'], 'Xã Ngọc Hồi');
  // Bát Tràng waits for Giao thông (2), Thanh Trì for Giáo dục (5); the others are fully ruled.
  for (const [code, name, waiting] of [
    ['00577', 'Xã Bát Tràng', ['2']],
    ['00640', 'Xã Thanh Trì', ['5']],
    ['00562', 'Xã Thuận An', null],
    ['00664', 'Xã Đại Thanh', null],
    ['00565', 'Xã Gia Lâm', null],
  ] as const) {
    const id = await open2025(ctx, code, name);
    ids[code] = id;
    await submit2025(ctx, id, name);
    await startAppraisal(db, office, { dossierId: id });
    await ruleAll(ctx, id, {
      ...(waiting ? { waiting: [...waiting] } : {}),
      override:
        code === '00562' || code === '00664'
          ? {
              '8.1': {
                verdict: 'conditional',
                publicComment: 'Bổ sung biên bản kiểm tra điểm phục vụ bưu chính',
              },
            }
          : {},
    });
  }
  await requestRework(db, office, {
    dossierId: ids['00664']!,
    deadline: shift(opts.today, 14),
    message: 'Đề nghị xã bổ sung minh chứng theo ý kiến của các sở',
  });
  await completeAppraisal(db, office, { dossierId: ids['00565']!, note: 'Đủ điều kiện trình hội đồng' });
  await recordCouncilVote(db, as('Thành viên hội đồng 2'), { dossierId: ids['00565']!, vote: 'for' });
  await backdate(db, ids['018']!, '2024-02-26', '2024-12-16');
  await backdate(db, ids['020']!, '2024-01-02', '2024-09-30');
  // The 2025 round: opened about three months ago, the later steps the further along.
  for (const [code, days] of [
    ['00541', 20],
    ['00679', 12],
    ['00577', 9],
    ['00640', 8],
    ['00562', 6],
    ['00664', 2],
    ['00565', 4],
  ] as const)
    await backdate(db, ids[code]!, shift(opts.today, -90), shift(opts.today, -days));
  opts.log?.(`Hồ sơ công nhận minh họa: ${Object.keys(ids).length} hồ sơ (2 đã công nhận, 7 đợt 2025).`);
  return { ids };
}
