/**
 * The sampling frame: households of each village (thôn / tổ dân phố) imported from CSV/.xlsx,
 * each given a random single-use code. Any bad row (unknown village, duplicate household,
 * empty field) or missing column rejects the whole file; nothing is changed then.
 */
import { createHash, randomInt } from 'node:crypto';
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { type ColumnSpec, matchColumns, parseTable } from '../files/tabular.ts';
import { text } from '../text.ts';
import { type Campaign, loadCampaign } from './campaigns.ts';

/**
 * Columns of the household file, as a commune's list names them: thôn / tổ dân phố, mã hộ and the
 * optional họ tên chủ hộ (the English keys are accepted too; case, tone marks and punctuation are
 * ignored). Other columns (số điện thoại, địa chỉ …) are not read: nothing beyond these is stored.
 */
export const householdColumns = [
  {
    key: 'village',
    label: 'Thôn/Tổ dân phố',
    en: 'village',
    aliases: [
      'Thôn',
      'Tổ dân phố',
      'Tên thôn',
      'Thôn/Xóm',
      'Xóm',
      'Thôn/Bản',
      'Bản',
      'Thôn/Ấp',
      'Ấp',
      'Khu phố',
    ],
    required: true,
  },
  {
    key: 'household',
    label: 'Mã hộ',
    en: 'household',
    aliases: ['Mã số hộ', 'Số hộ', 'Mã hộ gia đình', 'Số hiệu hộ'],
    required: true,
  },
  {
    key: 'head_name',
    label: 'Họ tên chủ hộ',
    en: 'head of household',
    aliases: ['Họ và tên chủ hộ', 'Tên chủ hộ', 'Chủ hộ'],
  },
] as const satisfies readonly ColumnSpec[];

/** Code alphabet without look-alikes (0/O, 1/I/L): 31 symbols, 10 of them ≈ 49.5 bits. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;

/** A random code from the operating system's CSPRNG. */
export function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Codes are looked up by their SHA-256; typed codes are upper-cased and stripped of spaces/dashes. */
export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}
export const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex');

export interface HouseholdImportReport {
  file: string;
  rows: number;
  added: number;
  perVillage: Array<{ village: string; added: number }>;
}

/**
 * Imports households into a campaign's frame (needs survey.manage on the campaign's unit). The
 * ability is checked before the file is read (a fast refusal) and again, with the frame's checks,
 * the insert and the audit event, in one transaction.
 */
export async function importHouseholds(
  db: Db,
  opts: { actor: Actor; campaignId: number; fileName: string; content: Buffer },
): Promise<HouseholdImportReport> {
  const { actor } = opts;
  const first = await loadCampaign(db, opts.campaignId, { light: true });
  await requireAbility(db, actor, 'survey.manage', { unitCode: first.unitCode });
  const table = await parseTable(opts.content, opts.fileName);
  const { rows: fileRows, headers } = matchColumns(table, householdColumns);
  return db.transaction(async (tx) => {
    // The campaign row locked: two files imported at once cannot both add the same household.
    const c = await loadCampaign(tx, opts.campaignId, { forUpdate: true });
    await requireAbility(tx, actor, 'survey.manage', { unitCode: c.unitCode });
    const rows = await householdRows(tx, c, fileRows, { fileName: opts.fileName, headers });
    const codes = rows.map(() => newCode());
    await tx.query(
      `INSERT INTO survey_households (campaign_id, village_id, household, head_name, code, code_hash)
       SELECT $1, t.v, t.h, t.n, t.c, t.x FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS t(v, h, n, c, x)`,
      [
        c.id,
        rows.map((r) => r.villageId),
        rows.map((r) => r.household),
        rows.map((r) => r.head),
        codes,
        codes.map(hashCode),
      ],
    );
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.village, (per.get(r.village) ?? 0) + 1);
    const perVillage = [...per].map(([village, added]) => ({ village, added }));
    await recordEvent(tx, {
      type: 'survey.households_imported',
      actor,
      unitCode: c.unitCode,
      dossierId: c.dossierId,
      data: { campaign_id: c.id, file: opts.fileName, added: rows.length },
    });
    return { file: opts.fileName, rows: table.rows.length, added: rows.length, perVillage };
  });
}

type HouseholdKey = (typeof householdColumns)[number]['key'];
interface HouseholdRow {
  villageId: number;
  village: string;
  household: string;
  head: string | null;
}

/**
 * The file's rows checked against the campaign's villages and the households already in its frame;
 * throws INVALID_ROWS naming every bad row and its column (as the file names it) otherwise.
 */
async function householdRows(
  db: Db,
  c: Campaign,
  fileRows: Array<{ line: number; cells: Partial<Record<HouseholdKey, string>> }>,
  file: { fileName: string; headers: Partial<Record<HouseholdKey, string>> },
): Promise<HouseholdRow[]> {
  const villageField = file.headers.village ?? 'village';
  const householdField = file.headers.household ?? 'household';
  const villages = new Map(c.villages.map((v) => [v.name.toLocaleLowerCase('vi'), v]));
  const existing = new Set(
    (
      await db.query<{ village_id: number; household: string }>(
        'SELECT village_id, household FROM survey_households WHERE campaign_id = $1',
        [c.id],
      )
    ).map((h) => `${h.village_id}|${h.household.toLocaleLowerCase('vi')}`),
  );
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  const rows: HouseholdRow[] = [];
  for (const { line, cells } of fileRows) {
    const villageName = (cells.village ?? '').trim();
    const household = (cells.household ?? '').trim();
    const before = issues.length;
    if (!villageName)
      issues.push({ line, field: villageField, message: text('thiếu tên thôn', 'village missing') });
    if (!household)
      issues.push({ line, field: householdField, message: text('thiếu mã hộ', 'household missing') });
    const village = villages.get(villageName.toLocaleLowerCase('vi'));
    if (villageName && !village)
      issues.push({
        line,
        field: villageField,
        value: villageName,
        message: text(
          `không có thôn này trong đợt khảo sát (có: ${c.villages.map((v) => v.name).join(', ') || 'chưa khai báo thôn nào'})`,
          `unknown village`,
        ),
      });
    if (issues.length > before || !village) continue;
    const key = `${village.id}|${household.toLocaleLowerCase('vi')}`;
    if (seen.has(key))
      issues.push({
        line,
        field: householdField,
        value: household,
        message: text(`trùng với dòng ${seen.get(key)} (cùng thôn, cùng mã hộ)`, `duplicate household`),
      });
    else if (existing.has(key))
      issues.push({
        line,
        field: householdField,
        value: household,
        message: text('hộ này đã có trong danh sách của thôn', 'household already in the frame'),
      });
    else {
      seen.set(key, line);
      rows.push({
        villageId: village.id,
        village: village.name,
        household,
        head: cells.head_name?.trim() || null,
      });
    }
  }
  if (rows.length === 0 && issues.length === 0)
    issues.push({ message: text('tệp không có dòng dữ liệu nào', 'no data rows') });
  if (issues.length > 0)
    throw new AppError(
      'INVALID_ROWS',
      text(
        `Tệp ${file.fileName}: ${issues.length} lỗi ở ${new Set(issues.map((i) => i.line)).size} dòng, không có hộ nào được thêm`,
        `nothing was changed`,
      ),
      issues,
    );
  return rows;
}

export interface SlipHousehold {
  village: string;
  household: string;
  headName: string | null;
  code: string;
  answered: boolean;
}

/**
 * The codes of a campaign's households (for printing slips): only with survey.manage; the
 * listing is recorded in the audit trail.
 */
export async function printHouseholdCodes(
  db: Db,
  opts: { actor: Actor; campaignId: number; villageId?: number },
): Promise<SlipHousehold[]> {
  const { actor } = opts;
  return db.transaction(async (tx) => {
    // The campaign row locked: two files imported at once cannot both add the same household.
    const c = await loadCampaign(tx, opts.campaignId, { forUpdate: true });
    await requireAbility(tx, actor, 'survey.manage', { unitCode: c.unitCode });
    const rows = await tx.query<{
      village: string;
      household: string;
      head_name: string | null;
      code: string;
      answered: boolean;
    }>(
      `SELECT v.name AS village, h.household, h.head_name, h.code, (a.household_id IS NOT NULL) AS answered
     FROM survey_households h JOIN survey_villages v ON v.id = h.village_id
     LEFT JOIN survey_answers a ON a.household_id = h.id
     WHERE h.campaign_id = $1 AND ($2::int IS NULL OR h.village_id = $2) ORDER BY v.id, h.id`,
      [c.id, opts.villageId ?? null],
    );
    await recordEvent(tx, {
      type: 'survey.codes_printed',
      actor,
      unitCode: c.unitCode,
      dossierId: c.dossierId,
      data: { campaign_id: c.id, village_id: opts.villageId ?? null, count: rows.length },
    });
    return rows.map((r) => ({
      village: r.village,
      household: r.household,
      headName: r.head_name,
      code: r.code,
      answered: r.answered,
    }));
  });
}

/** Households of the frame without codes (for the office's lists and paper-ballot entry). */
export async function listHouseholds(db: Db, opts: { actor: Actor; campaignId: number }) {
  const c = await loadCampaign(db, opts.campaignId);
  await requireAbility(db, opts.actor, 'survey.read', { unitCode: c.unitCode });
  return db.query<{
    id: number;
    village: string;
    household: string;
    head_name: string | null;
    channel: string | null;
  }>(
    `SELECT h.id, v.name AS village, h.household, h.head_name, a.channel FROM survey_households h
     JOIN survey_villages v ON v.id = h.village_id LEFT JOIN survey_answers a ON a.household_id = h.id
     WHERE h.campaign_id = $1 ORDER BY v.id, h.id`,
    [c.id],
  );
}
