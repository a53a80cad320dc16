/**
 * Dossier test factories: the people of one appraisal (commune officer, two department
 * reviewers each limited to one criterion, coordination office, council), a seeded database,
 * sample evidence files, a complete procedure record, and a dossier walked to a given state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { type Actor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import {
  completeAppraisal,
  requestRework,
  ruleOnIndicator,
  startAppraisal,
} from '../../src/dossiers/appraisal.ts';
import { createDossier } from '../../src/dossiers/create.ts';
import { recognizeDossier, recordCouncilVote } from '../../src/dossiers/decision.ts';
import { recordProcedure } from '../../src/dossiers/procedure.ts';
import type { ProcedureRecord } from '../../src/dossiers/procedure-rules.ts';
import { selfAssessDossier } from '../../src/dossiers/self-assessment.ts';
import type { DossierState } from '../../src/dossiers/states.ts';
import { resubmitDossier, submitDossier } from '../../src/dossiers/submission.ts';
import { type FileStore, localFileStore } from '../../src/evidence/storage.ts';
import { uploadEvidence } from '../../src/evidence/upload.ts';
import { setValues } from '../../src/values/import.ts';
import { seedFixtures } from './db.ts';

export const FW = 'demo-xa-2024';
/** Xã Đông: exists in 2024 (under D2) and today (under P1). */
export const UNIT = 'C4';

const reviewer = (id: number, username: string, criteria: string[]): Actor => ({
  userId: id,
  username,
  grants: [{ role: 'department_reviewer', unitCode: 'P1', frameworkId: FW, criteria }],
});

export const people = {
  commune: { userId: 1, username: 'can.bo.xa.dong', grants: [{ role: 'commune_officer', unitCode: UNIT }] },
  /** Sở Giao thông vận tải: criterion 1 (Giao thông) only. */
  transport: reviewer(2, 'so.gtvt', ['1']),
  /** Sở Tài chính: criterion 2 (Thu nhập) only. */
  finance: reviewer(3, 'so.tai.chinh', ['2']),
  office: {
    userId: 4,
    username: 'van.phong.dieu.phoi',
    grants: [{ role: 'coordination_office', unitCode: 'P1' }],
  },
  councilA: { userId: 5, username: 'hoi.dong.a', grants: [{ role: 'council_member', unitCode: 'P1' }] },
  councilB: { userId: 6, username: 'hoi.dong.b', grants: [{ role: 'council_member', unitCode: 'P1' }] },
  outsider: { userId: 7, username: 'can.bo.xa.cao', grants: [{ role: 'commune_officer', unitCode: 'C3' }] },
} satisfies Record<string, Actor>;

/** The small fixture set, and Xã Đông's 2024 figures made to meet every criterion. */
export async function seedDossierFixtures(db: Db): Promise<void> {
  await seedFixtures(db);
  await setValues(db, {
    actor: systemActorNamed('tester'),
    values: [
      { unitCode: UNIT, indicator: 'plan_approved', period: '2024', value: 'có' },
      { unitCode: UNIT, indicator: 'income_per_capita', period: '2024', value: '70' },
    ],
  });
}

export function tempFileStore(): FileStore & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-files-'));
  return { ...localFileStore(dir), dir };
}

/** A tiny valid-looking PDF (the magic bytes are what counts). */
export const pdfBytes = (text = 'minh chung') =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
export const pngBytes = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

/** A ZIP holding the named entries (a minimal .docx is a ZIP with word/document.xml). */
export function zipBytes(entries: string[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from('<x/>'), e);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Every entry of a ZIP held in memory. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

/** Five postings within 15 days and every other step recorded, nothing owed. */
export const completeProcedure: ProcedureRecord = {
  postings: ['2024-10-01', '2024-10-04', '2024-10-07', '2024-10-10', '2024-10-14'].map((date) => ({
    date,
    place: 'Trụ sở UBND xã',
  })),
  frontComments: { date: '2024-10-16', summary: 'Ủy ban MTTQ xã nhất trí với báo cáo' },
  satisfaction: { rate: 93.5, surveyed: 1043, households: 1269 },
  meeting: { date: '2024-10-20', attendees: 40, votesFor: 38, votesAgainst: 1, votesAbstain: 1 },
  debt: { date: '2024-10-18', outstanding: 0, note: null },
};

/** Every dossier table, to prove a refused request changed nothing. */
export async function dossierSnapshot(db: Db): Promise<string> {
  const tables = [
    'dossiers',
    'dossier_transitions',
    'dossier_self_assessments',
    'dossier_postings',
    'dossier_procedure',
    'dossier_rulings',
    'dossier_rework_requests',
    'dossier_votes',
    'evidence_files',
    'evidence_links',
    'value_current',
    'audit_events',
  ];
  const parts: string[] = [];
  for (const t of tables)
    parts.push(`${t}:${JSON.stringify(await db.query(`SELECT * FROM ${t} ORDER BY 1, 2`))}`);
  return parts.join('\n');
}

const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/**
 * Creates a dossier (Xã Đông, round 2024 unless told) and walks it to `state` along the happy
 * path (one rework round on the way to resubmitted and beyond). Returns its id.
 */
export async function dossierIn(
  db: Db,
  store: FileStore,
  state: Exclude<DossierState, 'refused' | 'revoked'>,
  opts: { unit?: string; round?: string } = {},
): Promise<number> {
  const unit = opts.unit ?? UNIT;
  const { office, commune, transport, finance, councilA } = people;
  const communeOf: Actor = { ...commune, grants: [{ role: 'commune_officer', unitCode: unit }] };
  const round = opts.round ?? '2024';
  const { id } = await createDossier(db, office, { unitCode: unit, frameworkId: FW, round });
  if (state === 'draft') return id;
  await uploadEvidence(db, store, communeOf, {
    dossierId: id,
    files: [{ name: 'bien-ban.pdf', bytes: pdfBytes(unit) }],
    target: { indicatorCodes: ['1.1', '1.2', '2.1'] },
  });
  await selfAssessDossier(db, communeOf, {
    dossierId: id,
    items: ['1.1', '1.2', '2.1'].map((indicatorCode) => ({ indicatorCode, claim: 'met' as const })),
  });
  if (state === 'self_assessed') return id;
  await recordProcedure(db, communeOf, { dossierId: id, update: completeProcedure });
  await submitDossier(db, communeOf, { dossierId: id });
  if (state === 'submitted') return id;
  await startAppraisal(db, office, { dossierId: id });
  if (state === 'under_appraisal') return id;
  await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.1', verdict: 'pass' });
  await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.2', verdict: 'pass' });
  await ruleOnIndicator(db, finance, {
    dossierId: id,
    indicatorCode: '2.1',
    verdict: 'conditional',
    publicComment: 'Bổ sung bảng tổng hợp thu nhập',
  });
  await requestRework(db, office, { dossierId: id, deadline: nextWeek() });
  if (state === 'rework_requested') return id;
  await resubmitDossier(db, communeOf, { dossierId: id, response: 'Đã bổ sung' });
  if (state === 'resubmitted') return id;
  await startAppraisal(db, office, { dossierId: id });
  await ruleOnIndicator(db, finance, { dossierId: id, indicatorCode: '2.1', verdict: 'pass' });
  await completeAppraisal(db, office, { dossierId: id });
  if (state === 'appraised') return id;
  await recordCouncilVote(db, councilA, { dossierId: id, vote: 'for' });
  const [decision] = await uploadEvidence(db, store, office, {
    dossierId: id,
    files: [{ name: 'quyet-dinh.pdf', bytes: pdfBytes(`QĐ ${unit}`) }],
    target: { document: 'decision' },
  });
  await recognizeDossier(db, office, {
    dossierId: id,
    decisionNo: '123/QĐ-UBND',
    decisionDate: '2024-12-20',
    signer: 'Chủ tịch UBND tỉnh',
    decisionFile: decision!.sha256,
  });
  return id;
}
