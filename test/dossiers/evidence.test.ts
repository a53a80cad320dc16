import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { ruleOnIndicator } from '../../src/dossiers/appraisal.ts';
import { exportDossierZip } from '../../src/dossiers/export-zip.ts';
import { presentIssues } from '../../src/errors.ts';
import { detectFileType } from '../../src/evidence/file-types.ts';
import { MAX_EVIDENCE_BYTES, uploadEvidence } from '../../src/evidence/upload.ts';
import { text } from '../../src/text.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import {
  dossierIn,
  dossierSnapshot,
  pdfBytes,
  people,
  pngBytes,
  seedDossierFixtures,
  tempFileStore,
  unzip,
  zipBytes,
} from '../support/dossiers.ts';
import { docxWithStowaway, xlsxBomb } from '../support/zip-bomb.ts';

const { commune, transport, finance, office } = people;

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

async function xlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Số liệu').addRow(['Xã Đông', 95]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('evidence file types, by content', () => {
  it('recognises PDF, PNG, JPEG, DOCX and XLSX whatever the name, and says why others are refused', async () => {
    expect(await detectFileType(pdfBytes())).toEqual({ ok: true, type: 'pdf' });
    expect(await detectFileType(pngBytes())).toEqual({ ok: true, type: 'png' });
    expect(await detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({
      ok: true,
      type: 'jpeg',
    });
    expect(await detectFileType(await zipBytes(['[Content_Types].xml', 'word/document.xml']))).toEqual({
      ok: true,
      type: 'docx',
    });
    expect(await detectFileType(await xlsxBytes())).toEqual({ ok: true, type: 'xlsx' });
    const refusal = async (b: Buffer) => {
      const r = await detectFileType(b);
      return r.ok ? 'accepted' : r.reason.vi;
    };
    expect(await refusal(await zipBytes(['a.txt']))).toMatch(/^nội dung là tệp nén ZIP/);
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toMatch(
      /\.doc\/\.xls/,
    );
    expect(await refusal(Buffer.from('MZ\x90\x00'))).toMatch(/tệp chương trình/);
    expect(await refusal(Buffer.from('<html>hello</html>'))).toMatch(/^không nhận ra định dạng/);
  });
});

describe.each(testDatabases())('evidence uploads and the dossier ZIP on $name', (target) => {
  let db: Db;
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'dossier_files');
    await seedDossierFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses a ZIP bomb disguised as .xlsx, an Office file with a stowaway and a misnamed one; stores nothing', async () => {
    const id = await dossierIn(db, store, 'draft', { round: '2024Q2' });
    const before = await dossierSnapshot(db);
    const filesBefore = readdirSync(store.dir, { recursive: true }).length;
    const err = await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [
        { name: 'bang-tong-hop.xlsx', bytes: xlsxBomb(600) },
        { name: 'bien-ban.docx', bytes: docxWithStowaway() },
        { name: 'so-lieu.docx', bytes: await xlsxBytes() },
        { name: 'hop-le.xlsx', bytes: await xlsxBytes() },
      ],
      target: { indicatorCodes: ['1.1'] },
    }).catch((e) => e);
    expect(err.code).toBe('INVALID_EVIDENCE');
    expect(presentIssues(err.details, 'vi')).toEqual([
      {
        field: 'file',
        label: 'tệp',
        value: 'bang-tong-hop.xlsx',
        message:
          'Tệp Excel (.xlsx) giải nén vượt quá giới hạn 512 MB (nghi là "bom nén" ZIP): không nhận tệp này',
      },
      {
        field: 'file',
        label: 'tệp',
        value: 'bien-ban.docx',
        message: expect.stringMatching(/^tệp nén có phần "payload\/setup\.exe" không thuộc tệp Word/),
      },
      {
        field: 'file',
        label: 'tệp',
        value: 'so-lieu.docx',
        message: 'tên tệp là .docx nhưng nội dung là tệp Excel (.xlsx): nội dung không khớp với loại tệp',
      },
    ]);
    expect(await dossierSnapshot(db)).toBe(before);
    expect(readdirSync(store.dir, { recursive: true }).length).toBe(filesBefore);
  });

  it('refuses a wrong type, a file too big and an empty file, naming each, and stores nothing', async () => {
    const id = await dossierIn(db, store, 'draft', { round: '2024Q1' });
    const before = await dossierSnapshot(db);
    const filesBefore = readdirSync(store.dir, { recursive: true }).length;
    const upload = (files: Array<{ name: string; bytes: Buffer }>) =>
      uploadEvidence(db, store, commune, { dossierId: id, files, target: { indicatorCodes: ['1.1'] } }).catch(
        (e) => e,
      );

    const big = Buffer.concat([pdfBytes(), Buffer.alloc(MAX_EVIDENCE_BYTES)]);
    const err = await upload([
      { name: 'hop-le.pdf', bytes: pdfBytes('ok') },
      { name: 'gia-mao.pdf', bytes: Buffer.from('<html>not a pdf</html>') },
      { name: 'qua-lon.pdf', bytes: big },
      { name: 'rong.docx', bytes: Buffer.alloc(0) },
    ]);
    expect(err.code).toBe('INVALID_EVIDENCE');
    expect(err.message).toMatch(
      /^3\/4 tệp không hợp lệ, không lưu tệp nào: gia-mao\.pdf: không nhận ra định dạng/,
    );
    expect(err.details).toEqual([
      {
        field: 'file',
        value: 'gia-mao.pdf',
        message: expect.objectContaining({
          vi: expect.stringMatching(/^không nhận ra định dạng từ nội dung tệp/),
        }),
      },
      {
        field: 'file',
        value: 'qua-lon.pdf',
        message: expect.objectContaining({ vi: expect.stringMatching(/^tệp 20 MB, vượt giới hạn 20 MB/) }),
      },
      { field: 'file', value: 'rong.docx', message: text('tệp rỗng (0 byte)', 'empty file') },
    ]);
    expect(await dossierSnapshot(db)).toBe(before);
    expect(readdirSync(store.dir, { recursive: true }).length).toBe(filesBefore);

    // An unknown indicator is refused too, before anything is stored.
    const unknown = await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'a.pdf', bytes: pdfBytes('unknown indicator') }],
      target: { indicatorCodes: ['9.9'] },
    }).catch((e) => e);
    expect(unknown).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ field: 'indicator', value: '9.9' }],
    });
    expect(await dossierSnapshot(db)).toBe(before);
    expect(readdirSync(store.dir, { recursive: true }).length).toBe(filesBefore);
  });

  it('downloads the dossier as a ZIP: PDF summary in Vietnamese, evidence by criterion, no internal note', async () => {
    const id = await dossierIn(db, store, 'under_appraisal');
    await ruleOnIndicator(db, transport, {
      dossierId: id,
      indicatorCode: '1.2',
      verdict: 'conditional',
      publicComment: 'Bổ sung quyết định phê duyệt quy hoạch chung xây dựng xã',
      internalNote: 'Ghi chú nội bộ: không công bố',
    });
    await ruleOnIndicator(db, finance, { dossierId: id, indicatorCode: '2.1', verdict: 'pass' });

    const zip = await exportDossierZip(db, store, office, { dossierId: id });
    expect(zip.fileName).toBe(`ho-so-${id}-xa-dong-2024.zip`);
    const entries = await unzip(zip.bytes);
    expect([...entries.keys()].sort()).toEqual([
      'tieu-chi-01-giao-thong/1.1/bien-ban.pdf',
      'tieu-chi-01-giao-thong/1.2/bien-ban.pdf',
      'tieu-chi-02-thu-nhap/2.1/bien-ban.pdf',
      'tom-tat-ho-so.pdf',
    ]);
    expect(entries.get('tieu-chi-02-thu-nhap/2.1/bien-ban.pdf')).toEqual(pdfBytes('C4'));

    const text = pdfText(entries.get('tom-tat-ho-so.pdf')!);
    for (const expected of [
      'TÓM TẮT HỒ SƠ ĐỀ NGHỊ XÉT CÔNG NHẬN',
      'Xã Đông (mã C4)',
      'Bộ tiêu chí thử nghiệm cấp xã',
      'Đang thẩm định',
      'Tiêu chí 1. Giao thông',
      'Tỷ lệ đường xã được cứng hóa',
      'Xã tự đánh giá: Đạt',
      'Thẩm định (lần 1): Đạt có điều kiện — Bổ sung quyết định phê duyệt quy hoạch chung xây dựng xã',
      'Niêm yết 5 lần trong 15 ngày',
      'Không còn nợ đọng xây dựng cơ bản',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    expect(text).not.toContain('nội bộ');

    // A department reviewer's ZIP holds its own criterion only.
    const own = await unzip((await exportDossierZip(db, store, transport, { dossierId: id })).bytes);
    expect(
      [...own.keys()].filter((k) => k.startsWith('tieu-chi')).every((k) => k.startsWith('tieu-chi-01')),
    ).toBe(true);
    expect(pdfText(own.get('tom-tat-ho-so.pdf')!)).not.toContain('Thu nhập');
  });
});
