/**
 * The demo's satisfaction survey: Xã Phù Đổng's 2025 dossier, households grouped by the five
 * former communes it was made from on 1/7/2025 (hanoi-ntm-facts.md §4), about seven in ten
 * answered — most on the web, some keyed from paper by the commune officer — and still open,
 * so residents' answers and the live results can be tried. Households carry codes only (no
 * invented names); every answer is demo data.
 */
import { systemActorNamed } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { answerSurvey, type Choice, keyPaperBallot } from './answer.ts';
import { createCampaign, loadCampaign } from './campaigns.ts';
import { importHouseholds, printHouseholdCodes } from './households.ts';

/** The demo acts as the system under the commune officer's name. */
const officer = systemActorNamed('demo.xa');
const areas = ['Ninh Hiệp', 'Phù Đổng', 'Yên Thường', 'Thiên Đức', 'Yên Viên'];
const perArea = 12;

/** Deterministic 0..1 numbers from a text (the same answers every time). */
function rand(seed: string): number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

const day = (iso: string, days: number) => new Date(Date.parse(`${iso}T08:00:00+07:00`) + days * 86_400_000);

/** Loads the campaign for `dossierId` (once). Returns the number of answers recorded. */
export async function loadSurveysDemo(
  db: Db,
  opts: { dossierId: number; today: string; log?: (m: string) => void },
): Promise<number> {
  if ((await db.query('SELECT 1 FROM survey_campaigns LIMIT 1')).length > 0) return 0;
  const campaign = await createCampaign(db, {
    actor: officer,
    dossierId: opts.dossierId,
    title: 'Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới năm 2025 (minh họa)',
    opensAt: day(opts.today, -14).toISOString(),
    closesAt: day(opts.today, 21).toISOString(),
    villages: areas,
  });
  const csv = [
    'village,household',
    ...areas.flatMap((a, i) =>
      Array.from({ length: perArea }, (_, k) => `${a},H${i + 1}-${String(k + 1).padStart(3, '0')}`),
    ),
  ].join('\n');
  await importHouseholds(db, {
    actor: officer,
    campaignId: campaign.id,
    fileName: 'ho-gia-dinh.csv',
    content: Buffer.from(csv),
  });
  const { questions } = await loadCampaign(db, campaign.id);
  const slips = await printHouseholdCodes(db, { actor: officer, campaignId: campaign.id });
  let answers = 0;
  for (const s of slips) {
    const r = rand(`${s.household}|answered`);
    if (r >= 0.72) continue; // not answered yet
    const items = questions.map((q) => {
      const x = rand(`${s.household}|${q.id}`);
      const choice: Choice = x < 0.9 ? 'satisfied' : x < 0.95 ? 'not_satisfied' : 'no_opinion';
      return {
        questionId: q.id,
        choice,
        comment:
          q.kind === 'overall' && choice === 'not_satisfied'
            ? 'Đề nghị sửa chữa mặt đường liên thôn và rãnh thoát nước'
            : null,
      };
    });
    if (r < 0.55) await answerSurvey(db, { code: s.code, items });
    else await keyPaperBallot(db, { actor: officer, campaignId: campaign.id, code: s.code, items });
    answers++;
  }
  // Answers spread over the days the campaign has been open (they all arrived just now).
  await db.query(
    `UPDATE survey_answers SET answered_at = $2::timestamptz + (household_id % 13) * interval '1 day'
       + (household_id * 37 % 600) * interval '1 minute'
     WHERE campaign_id = $1`,
    [campaign.id, day(opts.today, -14).toISOString()],
  );
  opts.log?.(`Khảo sát hài lòng minh họa: ${slips.length} hộ, ${answers} phiếu trả lời.`);
  return answers;
}
