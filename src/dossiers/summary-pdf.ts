/**
 * The dossier's summary as a PDF (Vietnamese font embedded): unit, framework, round, state,
 * procedure checks, every visible criterion and indicator with the engine's status, the
 * commune's self-assessment and the appraisal's public comment, rework requests, council vote
 * and decision. Internal notes are never printed.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type Status, statusLabels } from '../engine/status.ts';
import { viDate } from '../text.ts';
import type { DossierDetail, DossierItemJson } from './read.ts';
import { type DossierState, stateLabels } from './states.ts';

const require = createRequire(import.meta.url);
const fonts = {
  regular: require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
};

const verdictLabels = { pass: 'Đạt', fail: 'Không đạt', conditional: 'Đạt có điều kiện' } as const;
const claimLabels = { met: 'Đạt', not_met: 'Chưa đạt' } as const;
const num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

const statusText = (s: string | null | undefined) => (s ? (statusLabels[s as Status]?.vi ?? s) : '—');
const dateOf = (ts: string | null | undefined) => (ts ? viDate(ts.slice(0, 10)) : '—');

function valueText(e: DossierItemJson['engine']): string {
  if (!e || e.value === null) return 'chưa có';
  const v =
    typeof e.value === 'number'
      ? num.format(e.value)
      : typeof e.value === 'boolean'
        ? e.value
          ? 'có'
          : 'không'
        : e.value;
  return e.unit ? `${v} ${e.unit}` : String(v);
}

/** Renders the summary; resolves with the PDF bytes. */
export function renderDossierSummary(detail: DossierDetail, generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Hồ sơ #${detail.dossier.id}` } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string, size = 13) =>
    doc.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.2);
  const line = (text: string, indent = 0) => doc.font('regular').fontSize(10).text(text, { indent });
  const pair = (label: string, value: string) =>
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value);

  const d = detail.dossier;
  doc.font('bold').fontSize(16).text('TÓM TẮT HỒ SƠ ĐỀ NGHỊ XÉT CÔNG NHẬN', { align: 'center' });
  doc.moveDown(0.5);
  pair('Đơn vị', d.unit ? `${d.unit.name} (mã ${d.unit.code})` : d.unit_code);
  pair(
    'Bộ tiêu chí',
    `${detail.framework.name} (${detail.framework.id}, phiên bản ${detail.framework.version})`,
  );
  pair('Đợt xét', d.round);
  pair('Trạng thái', `${d.state_label}${d.locked ? ' — số liệu và minh chứng đã khóa' : ''}`);
  pair('Số lần yêu cầu bổ sung', String(d.rework_rounds));
  if (d.reopen_count > 0) pair('Số lần mở lại hồ sơ', String(d.reopen_count));
  if (d.decision)
    pair(
      'Quyết định công nhận',
      `số ${d.decision.no}, ngày ${viDate(d.decision.date)}, người ký: ${d.decision.signer}`,
    );
  if (d.refusal_reason) pair('Lý do không công nhận', d.refusal_reason);
  if (d.revocation)
    pair(
      'Thu hồi công nhận',
      `quyết định số ${d.revocation.no}, ngày ${viDate(d.revocation.date)}: ${d.revocation.reason}`,
    );

  heading('Các bước thủ tục (QĐ 18/2022/QĐ-TTg)');
  for (const c of detail.procedure.checks)
    line(`[${c.ok ? 'Đạt' : 'Chưa đạt'}] ${c.message.split(' / ')[0]}`);

  heading('Kết quả theo tiêu chí');
  for (const c of detail.criteria) {
    doc
      .moveDown(0.3)
      .font('bold')
      .fontSize(11)
      .text(`Tiêu chí ${c.no}. ${c.name} — ${statusText(c.status)}`);
    for (const i of c.indicators) writeItem(i);
  }
  if (detail.conditions.length > 0) {
    doc.moveDown(0.3).font('bold').fontSize(11).text('Điều kiện');
    for (const i of detail.conditions) writeItem(i);
  }

  function writeItem(i: DossierItemJson) {
    doc.font('bold').fontSize(10).text(`${i.code}. ${i.name}`, { indent: 12 });
    const e = i.engine;
    line(
      `Số liệu: ${valueText(e)}${e?.threshold ? ` (ngưỡng ${e.threshold})` : ''} — hệ thống tính: ${statusText(e?.status)}`,
      24,
    );
    const s = i.self_assessment;
    line(
      `Xã tự đánh giá: ${s ? claimLabels[s.claim] : 'chưa'}${s?.explanation ? ` — ${s.explanation}` : ''}`,
      24,
    );
    const r = i.ruling;
    if (r)
      line(
        `Thẩm định (lần ${r.round}): ${verdictLabels[r.verdict]}${r.public_comment ? ` — ${r.public_comment}` : ''}`,
        24,
      );
    if (i.evidence.length > 0) line(`Minh chứng: ${i.evidence.map((f) => f.file_name).join(', ')}`, 24);
  }

  if (detail.rework_requests.length > 0) {
    heading('Yêu cầu bổ sung');
    for (const r of detail.rework_requests) {
      line(`Lần ${r.round}: hạn ${dateOf(r.deadline)}${r.message ? ` — ${r.message}` : ''}`);
      for (const it of r.items)
        line(`${it.indicator}: ${verdictLabels[it.verdict]} — ${it.public_comment ?? ''}`, 12);
      if (r.response && r.answered_at) line(`Xã trả lời (${dateOf(r.answered_at)}): ${r.response}`, 12);
    }
  }

  const t = detail.council;
  if (t.votes.length > 0) {
    heading('Hội đồng thẩm định');
    line(`${t.for} phiếu tán thành, ${t.against} không tán thành, ${t.abstain} không biểu quyết`);
  }

  heading('Quá trình xử lý');
  for (const h of detail.history)
    line(
      `${dateOf(h.at)} — ${stateLabels[h.to as DossierState]?.[0] ?? h.to}${h.note ? `: ${h.note}` : ''} (${h.actor})`,
    );

  doc
    .moveDown(1)
    .font('regular')
    .fontSize(8)
    .fillColor('#555')
    .text(`Tạo bởi TieuChi lúc ${generatedAt.toISOString()}`);
  doc.end();
  return done;
}
