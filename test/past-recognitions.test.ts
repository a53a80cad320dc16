// Recognitions made before TieuChi (issue 11): recorded from their decisions without a dossier,
// checked against Hanoi's real unit history, imported all or nothing, and shown on the public
// page of the unit they name and of the units that unit became.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { frameworksDir, hanoiUnitsFile } from '../src/demo/load-demo.ts';
import { parseTable } from '../src/files/tabular.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { listPastRecognitions } from '../src/past-recognitions/read.ts';
import {
  correctPastRecognition,
  importPastRecognitions,
  type PastRecognitionInput,
  recordPastRecognition,
  removePastRecognition,
} from '../src/past-recognitions/record.ts';
import { pastRecognitionRows } from '../src/past-recognitions/table.ts';
import { readPublicRecognitions } from '../src/portal/read.ts';
import { importUnits } from '../src/units/import.ts';
import { untypedAuditEvents } from './support/audit.ts';
import { testDatabases } from './support/databases.ts';
import { countRows, openTestDb } from './support/db.ts';

const office: Actor = {
  userId: 101,
  username: 'vp.dieuphoi',
  grants: [{ role: 'coordination_office', unitCode: '01' }],
};
const officer: Actor = {
  userId: 102,
  username: 'can.bo.xa',
  grants: [{ role: 'commune_officer', unitCode: '00541' }],
};
const today = new Date().toISOString().slice(0, 10);

const yenVien: PastRecognitionInput = {
  unitCode: '00532',
  unitName: 'Xã Yên Viên',
  title: 'ntm_nang_cao',
  year: 2020,
  decisionNo: '3352/QĐ-UBND',
  decisionDate: '2020-08-03',
  authority: 'ubnd_tinh',
  sources: ['http://khuyennonghanoi.gov.vn/Pages/ha-noi-co-them-4-xa-dat-chuan-nong-thon-moi-nang-cao.aspx'],
};

async function fileRows(csv: string) {
  return pastRecognitionRows(await parseTable(Buffer.from(csv, 'utf8'), 'quyet-dinh.csv'));
}

const header =
  'ma_don_vi,ten_don_vi,danh_hieu,nam,so_quyet_dinh,ngay_quyet_dinh,ngay_don_nhan,cap_ky,nguoi_ky,bo_tieu_chi,ma_bo_tieu_chi,nguon,ghi_chu';

describe.each(testDatabases())('recognitions made before TieuChi on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'past');
    await importUnits(db, { path: hanoiUnitsFile, actor: systemActorNamed('test') });
    await importFramework(db, {
      path: join(frameworksDir, 'vn-qd319-xa-ntm-kieu-mau-2021-2025.v1.yaml'),
      actor: systemActorNamed('test'),
    });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('records a decision on the code valid that day, with its name then, and audits it', async () => {
    const saved = await recordPastRecognition(db, { actor: office, recognition: yenVien });
    expect(saved).toMatchObject({
      unit: { code: '00532', name: 'Xã Yên Viên', valid_from: null, kind: 'commune' },
      title: 'ntm_nang_cao',
      year: 2020,
      decision_no: '3352/QĐ-UBND',
      decision_date: '2020-08-03',
      authority: 'ubnd_tinh',
      recorded_by: 'vp.dieuphoi',
    });
    const events = await db.query<{ type: string; unit_code: string }>(
      "SELECT type, unit_code FROM audit_events WHERE type LIKE 'past_recognition%'",
    );
    expect(events).toEqual([{ type: 'past_recognition.recorded', unit_code: '00532' }]);
    expect((await untypedAuditEvents(db)).wrong).toEqual([]);
    // "chưa rõ số hiệu" is no number; the framework, when given, must exist.
    const km = await recordPastRecognition(db, {
      actor: office,
      recognition: {
        unitCode: '00583',
        title: 'ntm_kieu_mau',
        year: 2023,
        decisionNo: 'chưa rõ số hiệu',
        authority: 'ubnd_tinh',
        frameworkId: 'vn-qd319-xa-ntm-kieu-mau-2021-2025',
      },
    });
    expect(km).toMatchObject({
      decision_no: null,
      unit: { name: 'Xã Bát Tràng' },
      framework_id: 'vn-qd319-xa-ntm-kieu-mau-2021-2025',
    });
  });

  it('refuses, changing nothing: a merged code named by its later name, a duplicate, dates that cannot be, another role', async () => {
    const before = await countRows(db, 'past_recognitions');
    const record = (recognition: PastRecognitionInput, actor = office) =>
      recordPastRecognition(db, { actor, recognition });
    const issue = (field: string, vi: RegExp) =>
      expect.objectContaining({ field, message: expect.objectContaining({ vi: expect.stringMatching(vi) }) });
    // 00541 was Xã Dương Hà in 2020: old Xã Phù Đổng is 00544.
    await expect(record({ ...yenVien, unitCode: '00541', unitName: 'Xã Phù Đổng' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/1 lỗi, không lưu gì/),
      details: [issue('unit_name', /Xã Dương Hà, không phải Xã Phù Đổng/)],
    });
    // Old Xã Phù Đổng's code 00544 ended on 30/6/2025.
    await expect(
      record({ ...yenVien, unitCode: '00544', unitName: null, year: 2025, decisionDate: '2025-08-01' }),
    ).rejects.toMatchObject({ details: [issue('unit_code', /không có hiệu lực ngày 01\/08\/2025/)] });
    await expect(record(yenVien)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    // Signed before the year it recognises; handed over before it was signed.
    await expect(
      record({
        ...yenVien,
        title: 'ntm',
        decisionDate: '2019-09-13',
        year: 2020,
        ceremonyDate: '2019-01-01',
      }),
    ).rejects.toMatchObject({
      details: [
        issue('decision_date', /trước năm được công nhận/),
        issue('ceremony_date', /trước ngày quyết định/),
      ],
    });
    await expect(record({ ...yenVien, title: 'ntm', year: 2999, decisionDate: null })).rejects.toMatchObject({
      details: expect.arrayContaining([issue('year', /sau năm nay/)]),
    });
    await expect(record({ ...yenVien, title: 'hoan_thanh_nhiem_vu' })).rejects.toMatchObject({
      details: [issue('title', /không cấp cho Xã Yên Viên/)],
    });
    await expect(
      record({ ...yenVien, unitCode: '00544', unitName: 'Xã Phù Đổng' }, officer),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await countRows(db, 'past_recognitions')).toBe(before);
  });

  it('corrects a mistyped decision, checking it as new, and removes one with its reason; the audit keeps what it said', async () => {
    // Recorded with a mistyped number and date, on the wrong commune (Xã Dương Hà, 00541).
    const wrong = await recordPastRecognition(db, {
      actor: office,
      recognition: { ...yenVien, unitCode: '00541', unitName: null, decisionNo: '3325/QĐ-UBND' },
    });
    const snapshot = async () =>
      JSON.stringify(await db.query('SELECT * FROM past_recognitions ORDER BY id'));
    const before = await snapshot();
    const correct = (recognition: PastRecognitionInput, actor = office) =>
      correctPastRecognition(db, { actor, id: wrong.id, recognition });
    // Refused, changing nothing: the same decision as Yên Viên's already in the register, another
    // role, a unit that did not exist on the day, a decision that is not there.
    await expect(correct(yenVien)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(correct({ ...yenVien, unitCode: '00544', unitName: null }, officer)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      correct({ ...yenVien, unitCode: '00544', unitName: null, year: 2025, decisionDate: '2025-08-01' }),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/^Không sửa được quyết định công nhận: 1 lỗi/),
      details: [expect.objectContaining({ field: 'unit_code' })],
    });
    await expect(
      correctPastRecognition(db, { actor: office, id: 999_999, recognition: yenVien }),
    ).rejects.toMatchObject({ code: 'PAST_RECOGNITION_NOT_FOUND' });
    expect(await snapshot()).toBe(before);

    // Corrected to old Xã Phù Đổng (00544), its number and date as signed.
    const fixed = await correct({
      ...yenVien,
      unitCode: '00544',
      unitName: 'Xã Phù Đổng',
      decisionNo: '3352/QĐ-UBND',
      note: 'Sửa theo bản gốc',
    });
    expect(fixed).toMatchObject({
      id: wrong.id,
      unit: { code: '00544', name: 'Xã Phù Đổng' },
      decision_no: '3352/QĐ-UBND',
      note: 'Sửa theo bản gốc',
      recorded_by: 'vp.dieuphoi',
    });
    const [corrected] = await db.query<{ unit_code: string; data: Record<string, unknown> }>(
      "SELECT unit_code, data FROM audit_events WHERE type = 'past_recognition.corrected'",
    );
    expect(corrected).toEqual({
      unit_code: '00544',
      data: expect.objectContaining({
        id: wrong.id,
        name: 'Xã Phù Đổng',
        decision_no: '3352/QĐ-UBND',
        before: expect.objectContaining({ name: 'Xã Dương Hà', decision_no: '3325/QĐ-UBND' }),
      }),
    });

    // Removed: a reason is needed; another role may not; the audit keeps the decision.
    await expect(
      removePastRecognition(db, { actor: office, id: wrong.id, reason: ' ' }),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      details: [expect.objectContaining({ field: 'reason' })],
    });
    await expect(
      removePastRecognition(db, { actor: officer, id: wrong.id, reason: 'Ghi trùng' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listPastRecognitions(db, { actor: office })).map((r) => r.id)).toContain(wrong.id);
    await removePastRecognition(db, { actor: office, id: wrong.id, reason: 'Ghi trùng với quyết định 3352' });
    expect((await listPastRecognitions(db, { actor: office })).map((r) => r.id)).not.toContain(wrong.id);
    const [removed] = await db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM audit_events WHERE type = 'past_recognition.removed'",
    );
    expect(removed?.data).toMatchObject({
      id: wrong.id,
      name: 'Xã Phù Đổng',
      reason: 'Ghi trùng với quyết định 3352',
    });
    await expect(
      removePastRecognition(db, { actor: office, id: wrong.id, reason: 'Lần nữa' }),
    ).rejects.toMatchObject({ code: 'PAST_RECOGNITION_NOT_FOUND' });
    expect((await untypedAuditEvents(db)).wrong).toEqual([]);
  });

  it('imports a file all or nothing, naming each bad row and column in Vietnamese', async () => {
    const before = await countRows(db, 'past_recognitions');
    const bad = await fileRows(`${header}
00544,Xã Phù Đổng,NTM nâng cao,năm 2020,3352/QĐ-UBND,03/08/2020,,UBND TP,,,,https://phaply.net.vn/print-243809.html,
018,Huyện Gia Lâm,huyện đẹp,2018,1180/QĐ-TTg,13/09/2019,,Thủ tướng Chính phủ,,,,,
00571,Xã Dương Xá,NTM nâng cao,2020,1721/QĐ-UBND,31/02/2020,,UBND TP,,,,ftp://x,
99999,Xã Không Có,NTM,2020,,,,UBND TP,,,,,
00544,Xã Phù Đổng,NTM nâng cao,2020,,,,UBND thành phố,,,,,trùng dòng 2
`);
    const at = (line: number, field: string) => expect.objectContaining({ line, field });
    await expect(
      importPastRecognitions(db, { actor: office, file: 'quyet-dinh.csv', rows: bad, commit: true }),
    ).rejects.toMatchObject({
      code: 'INVALID_ROWS',
      message: expect.stringMatching(/không có quyết định nào được lưu/),
      details: [
        at(3, 'danh_hieu'),
        at(4, 'ngay_quyet_dinh'),
        at(4, 'nguon'),
        at(5, 'ma_don_vi'),
        at(6, 'danh_hieu'),
      ],
    });
    expect(await countRows(db, 'past_recognitions')).toBe(before);

    const good = await fileRows(`${header}
00544,Xã Phù Đổng,NTM nâng cao,năm 2020,3352/QĐ-UBND,03/08/2020,,UBND TP,,,,https://phaply.net.vn/print-243809.html ; http://khuyennonghanoi.gov.vn/x,Đợt 1 năm 2020
018,Huyện Gia Lâm,NTM,2018,1180/QĐ-TTg,13/09/2019,,Thủ tướng Chính phủ,,,,,
020,Huyện Thanh Trì,NTM,,chưa rõ số hiệu,,26/10/2017,TTg,,,,,Chưa rõ số hiệu và năm công nhận
00583,Xã Bát Tràng,NTM nâng cao,2020,1721/QĐ-UBND,,,UBND TP,,,,,
00571,Xã Dương Xá,NTM nâng cao,2020,1721/QĐ-UBND,,,UBND TP,,,,,
`);
    // Headers as officials write them, accents optional.
    const vietnamese = await fileRows(
      'Mã đơn vị,Danh hiệu,Năm,Cấp ký,Nguồn\n020,NTM nâng cao,2023,Thủ tướng Chính phủ,\n',
    );
    expect(vietnamese[0]).toMatchObject({
      issues: [],
      input: { unitCode: '020', title: 'ntm_nang_cao', year: 2023, authority: 'thu_tuong' },
    });
    const checked = await importPastRecognitions(db, {
      actor: office,
      file: 'quyet-dinh.csv',
      rows: good,
      commit: false,
    });
    expect(checked).toMatchObject({ rows: 5, committed: false, recognitions: [] });
    expect(await countRows(db, 'past_recognitions')).toBe(before);
    await expect(
      importPastRecognitions(db, { actor: officer, file: 'quyet-dinh.csv', rows: good, commit: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const done = await importPastRecognitions(db, {
      actor: office,
      file: 'quyet-dinh.csv',
      rows: good,
      commit: true,
    });
    expect(done.recognitions).toHaveLength(5);
    expect(await countRows(db, 'past_recognitions')).toBe(before + 5);
    const thanhTri = done.recognitions.find((r) => r.unit.code === '020');
    expect(thanhTri).toMatchObject({
      year: null,
      decision_no: null,
      decision_date: null,
      ceremony_date: '2017-10-26',
      authority: 'thu_tuong',
    });
    const phuDong = done.recognitions.find((r) => r.unit.code === '00544');
    expect(phuDong?.sources).toHaveLength(2);
    expect(
      (await db.query("SELECT 1 FROM audit_events WHERE type = 'past_recognitions.imported'")).length,
    ).toBe(1);
  });

  it("shows a merged commune's predecessors' decisions on its public page, and only theirs", async () => {
    // Xã Phù Đổng since 1/7/2025 (00541) was made from old Phù Đổng (00544) and Yên Viên (00532).
    const phuDong = await readPublicRecognitions(db, { code: '00541', date: today });
    const nc2020 = phuDong.filter((r) => r.title === 'ntm_nang_cao' && r.year === 2020);
    expect(nc2020.map((r) => [r.unit.name, r.former, r.partial, r.decision_no, r.recorded]).sort()).toEqual([
      ['Xã Phù Đổng', true, false, '3352/QĐ-UBND', true],
      ['Xã Yên Viên', true, false, '3352/QĐ-UBND', true],
    ]);
    // New Xã Bát Tràng took part of old Bát Tràng; Dương Xá went into Xã Gia Lâm, not here.
    const batTrang = await readPublicRecognitions(db, { code: '00577', date: today });
    expect(batTrang.map((r) => r.unit.name)).toContain('Xã Bát Tràng');
    expect(batTrang.every((r) => r.partial)).toBe(true);
    expect(batTrang.map((r) => r.unit.name)).not.toContain('Xã Dương Xá');
    const giaLam = await readPublicRecognitions(db, { code: '00565', date: today });
    expect(giaLam.map((r) => r.unit.name)).toEqual(expect.arrayContaining(['Xã Dương Xá', 'Xã Bát Tràng']));
    // The district's own page while it existed, newest first.
    const district = await readPublicRecognitions(db, { code: '018', date: '2024-06-30' });
    expect(district).toEqual([
      expect.objectContaining({
        title: 'ntm',
        year: 2018,
        decision_no: '1180/QĐ-TTg',
        decision_date: '2019-09-13',
        former: false,
        authority: 'thu_tuong',
      }),
    ]);
    // Old Xã Phù Đổng's own page in 2024: its decision, not marked as a predecessor's.
    const old = await readPublicRecognitions(db, { code: '00544', date: '2024-06-30' });
    expect(old.map((r) => [r.year, r.former])).toEqual([[2020, false]]);
    // The office's list of a unit and its predecessors reads the same register.
    const listed = await listPastRecognitions(db, { actor: office, unitCode: '00541', date: today });
    expect(listed.map((r) => r.unit.code).sort()).toEqual(['00532', '00544']);
  });
});
