/**
 * The campaign's files: printable slips per village (one QR code per household, pointing at
 * /khao-sat/{code}), the results as .xlsx and a PDF report. Vietnamese fonts are embedded as in
 * src/dossiers/summary-pdf.ts.
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { SlipHousehold } from './households.ts';
import type { SurveyResults } from './results.ts';

const require = createRequire(import.meta.url);
const fonts = {
  regular: require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
};
const num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const pctText = (v: number | null) => (v === null ? '—' : `${num.format(v)}%`);

function newDoc(title: string) {
  const doc = new PDFDocument({ size: 'A4', margin: 36, info: { Title: title } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** Groups the slips by code with a space in the middle, easier to type: "ABCDE FGHJK". */
export const spacedCode = (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`;

/**
 * Slips: 2 × 4 per A4 page, a new page for each village. Each slip: title, village, household,
 * the QR code of `${baseUrl}/khao-sat/{code}`, the code in letters and the address to type.
 */
export async function renderSlips(
  opts: { title: string; baseUrl: string; closesAt: string },
  households: SlipHousehold[],
): Promise<Buffer> {
  const { doc, done } = newDoc(`Phiếu khảo sát – ${opts.title}`);
  const cols = 2;
  const rows = 4;
  const left = 36;
  const top = 36;
  const w = (doc.page.width - 2 * left) / cols;
  const h = (doc.page.height - 2 * top) / rows;
  const closes = new Date(opts.closesAt).toLocaleString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'short',
  });
  let i = 0;
  let village: string | null = null;
  let first = true;
  for (const hh of households) {
    if (hh.village !== village || i === cols * rows) {
      if (!first) doc.addPage();
      first = false;
      village = hh.village;
      i = 0;
    }
    const x = left + (i % cols) * w;
    const y = top + Math.floor(i / cols) * h;
    doc.save().dash(3, { space: 3 }).rect(x, y, w, h).stroke('#888').undash().restore();
    const url = `${opts.baseUrl}/khao-sat/${hh.code}`;
    const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
    const pad = 10;
    doc
      .font('bold')
      .fontSize(8.5)
      .fillColor('#000')
      .text('PHIẾU LẤY Ý KIẾN SỰ HÀI LÒNG CỦA NGƯỜI DÂN', x + pad, y + pad, {
        width: w - 2 * pad,
      });
    doc
      .font('regular')
      .fontSize(8.5)
      .text(opts.title, { width: w - 2 * pad });
    doc
      .font('bold')
      .fontSize(9)
      .text(`${hh.village} · Hộ: ${hh.household}${hh.headName ? ` (${hh.headName})` : ''}`, {
        width: w - 2 * pad,
      });
    const qrSize = 100;
    const qy = Math.min(doc.y + 4, y + h - 30 - qrSize);
    doc.image(png, x + pad, qy, { width: qrSize, height: qrSize });
    const tx = x + pad + qrSize + 8;
    const tw = w - 2 * pad - qrSize - 8;
    doc
      .font('regular')
      .fontSize(8.5)
      .text('Quét mã QR bằng điện thoại, hoặc mở địa chỉ:', tx, qy, { width: tw });
    doc.font('bold').fontSize(8).text(`${opts.baseUrl}/khao-sat`, { width: tw });
    doc.font('regular').fontSize(8.5).text('và nhập mã:', { width: tw });
    doc.font('bold').fontSize(14).text(spacedCode(hh.code), { width: tw, characterSpacing: 1 });
    doc.font('regular').fontSize(7.5).text(`Mỗi hộ trả lời một lần. Hạn: ${closes}.`, { width: tw });
    doc
      .font('regular')
      .fontSize(7.5)
      .text('Không có điện thoại? Điền phiếu giấy và gửi Ban công tác Mặt trận thôn.', x + pad, y + h - 28, {
        width: w - 2 * pad,
      });
    i++;
  }
  if (households.length === 0) doc.font('regular').fontSize(12).text('Chưa có hộ nào trong danh sách.');
  doc.end();
  return done;
}

/** The PDF report: coverage, rates per question, villages, quality signals, comments. */
export function renderReport(r: SurveyResults, unitName: string, generatedAt = new Date()): Promise<Buffer> {
  const { doc, done } = newDoc(`Báo cáo khảo sát – ${r.campaign.title}`);
  const heading = (t: string) => doc.moveDown(0.6).font('bold').fontSize(12).text(t).moveDown(0.2);
  const line = (t: string) => doc.font('regular').fontSize(10).text(t);
  doc
    .font('bold')
    .fontSize(15)
    .text('BÁO CÁO KẾT QUẢ LẤY Ý KIẾN SỰ HÀI LÒNG CỦA NGƯỜI DÂN', { align: 'center' });
  doc.moveDown(0.4);
  line(`Đợt khảo sát: ${r.campaign.title}`);
  line(`Đơn vị: ${unitName}${r.campaign.dossierId ? ` · Hồ sơ #${r.campaign.dossierId}` : ''}`);
  line(
    `Thời gian: ${new Date(r.campaign.opensAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} – ${new Date(r.campaign.closesAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`,
  );
  heading('1. Mức độ bao phủ');
  line(
    `Số hộ đã trả lời: ${r.overall.answered}/${r.overall.households} (${pctText(r.overall.coverage)}); qua điện thoại ${r.overall.web}, phiếu giấy ${r.overall.paper}.`,
  );
  line(
    `Tỷ lệ hộ được hỏi tối thiểu: ${r.campaign.requiredCoveragePct === null ? 'chưa quy định' : pctText(r.campaign.requiredCoveragePct)}; tỷ lệ hài lòng yêu cầu: ${r.campaign.requiredPassPct === null ? 'chưa quy định' : pctText(r.campaign.requiredPassPct)}.`,
  );
  heading('2. Tỷ lệ hài lòng');
  line(`Chung: ${pctText(r.overall.rate)} số hộ trả lời hài lòng.`);
  for (const q of r.questions)
    line(
      `• ${q.text} — hài lòng ${q.satisfied}, chưa hài lòng ${q.notSatisfied}, không ý kiến ${q.noOpinion}: ${pctText(q.rate)}`,
    );
  heading('3. Theo thôn / tổ dân phố');
  for (const v of r.villages)
    line(
      `• ${v.name}: ${v.answered}/${v.households} hộ (${pctText(v.coverage)}), hài lòng ${pctText(v.overallRate)}, phiếu giấy ${v.paper}`,
    );
  heading('4. Dấu hiệu cần xem lại');
  if (r.signals.length === 0) line('Không có.');
  for (const s of r.signals) line(`• ${s.message}`);
  heading('5. Ý kiến khác');
  if (r.comments.length === 0) line('Không có.');
  for (const m of r.comments.slice(0, 200)) line(`• ${m.village}: ${m.comment}`);
  doc.moveDown(1);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#555')
    .text(`Lập lúc ${generatedAt.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} bằng TieuChi.`);
  doc.end();
  return done;
}

/** The results as .xlsx: summary, questions, villages, signals, comments (one sheet each). */
export async function resultsWorkbook(r: SurveyResults): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, header: string[], rows: Array<Array<string | number | null>>) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((col, i) => {
      col.width = i === 0 ? 50 : 16;
    });
  };
  sheet(
    'Tổng hợp',
    ['Nội dung', 'Giá trị'],
    [
      ['Đợt khảo sát', r.campaign.title],
      ['Đơn vị', r.campaign.unitCode],
      ['Số hộ trong danh sách', r.overall.households],
      ['Số hộ đã trả lời', r.overall.answered],
      ['Tỷ lệ bao phủ (%)', r.overall.coverage],
      ['Phiếu giấy', r.overall.paper],
      ['Tỷ lệ hài lòng chung (%)', r.overall.rate],
      ['Tỷ lệ hộ được hỏi tối thiểu (%)', r.campaign.requiredCoveragePct ?? 'chưa quy định'],
      ['Tỷ lệ hài lòng yêu cầu (%)', r.campaign.requiredPassPct ?? 'chưa quy định'],
    ],
  );
  sheet(
    'Câu hỏi',
    ['Câu hỏi', 'Tiêu chí', 'Hài lòng', 'Chưa hài lòng', 'Không ý kiến', 'Tỷ lệ hài lòng (%)'],
    r.questions.map((q) => [
      q.text,
      q.criterionNo ?? 'chung',
      q.satisfied,
      q.notSatisfied,
      q.noOpinion,
      q.rate,
    ]),
  );
  sheet(
    'Thôn',
    ['Thôn / tổ dân phố', 'Số hộ', 'Đã trả lời', 'Bao phủ (%)', 'Hài lòng chung (%)', 'Phiếu giấy'],
    r.villages.map((v) => [v.name, v.households, v.answered, v.coverage, v.overallRate, v.paper]),
  );
  sheet(
    'Dấu hiệu',
    ['Loại', 'Nội dung'],
    r.signals.map((s) => [s.kind, s.message]),
  );
  sheet(
    'Ý kiến',
    ['Thôn', 'Câu hỏi', 'Ý kiến', 'Thời điểm'],
    r.comments.map((m) => [m.village, m.question, m.comment, m.at]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
