/** The official rating forms: the unit's ranking (.xlsx) and one person's evaluation form (.docx). */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { periodLabel, requirePeriod } from '../engine/periods.ts';
import { abilitiesOf } from './access.ts';
import { evaluateUnit, readPersonEvaluation } from './evaluations.ts';
import { bandName } from './score.ts';
import { evaluationStateNames } from './workflow.ts';

/** Bảng tổng hợp kết quả đánh giá, xếp loại của đơn vị trong kỳ. */
export async function exportUnitRanking(db: Db, opts: { actor: Actor; unit: string; period: string }) {
  const { unit } = opts;
  const p = requirePeriod(opts.period);
  const period = p.code;
  const { frame, rows: all } = await evaluateUnit(db, { actor: opts.actor, unit, period: p });
  const rows = all.filter((r) => abilitiesOf(r.relation)['staff.read']);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Xếp loại');
  ws.addRow([
    `BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC — ${periodLabel(period).toUpperCase()}`,
  ]).font = {
    bold: true,
    size: 13,
  };
  ws.addRow([`Khung: ${frame.name}`]);
  ws.addRow([]);
  const manual = frame.components.map((c) => `${c.name} (${c.max})`);
  const header = ws.addRow([
    'STT',
    'Họ và tên',
    'Đơn vị',
    'Vị trí',
    ...manual,
    'Tổng điểm',
    'Xếp loại theo điểm',
    'Xếp loại sau hạn mức',
    'Trạng thái',
    'Lý do hạn mức',
  ]);
  header.font = { bold: true };
  const sorted = [...rows].sort((a, b) => (b.score.total ?? -1) - (a.score.total ?? -1));
  sorted.forEach((r, i) => {
    const approved = r.evaluation?.state === 'approved';
    ws.addRow([
      i + 1,
      r.person.full_name,
      r.person.org_unit_name,
      r.person.position_name,
      ...r.score.components.map((c) => c.points ?? ''),
      approved ? r.evaluation!.total : (r.score.total ?? ''),
      bandName(frame, r.score.band),
      bandName(frame, approved ? r.evaluation!.band : r.band),
      evaluationStateNames[r.state][0],
      r.quota.reason ?? '',
    ]);
  });
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 28 : i >= 4 + manual.length + 4 ? 60 : 16;
  });
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `xep-loai-${unit}-${period}.xlsx` };
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** Phiếu đánh giá, xếp loại chất lượng công chức: scores by component, every explained line, the decision. */
export async function exportEvaluationForm(db: Db, opts: { actor: Actor; personId: number; period: string }) {
  const p = await readPersonEvaluation(db, opts);
  const period = p.period;
  const e = p.evaluation;
  const rows = [
    new TableRow({ children: [cell('Thành phần', true), cell('Điểm tối đa', true), cell('Điểm', true)] }),
    ...p.score.components.map(
      (c) =>
        new TableRow({
          children: [cell(c.name), cell(String(c.max)), cell(c.points === null ? '—' : String(c.points))],
        }),
    ),
    new TableRow({
      children: [
        cell('Tổng', true),
        cell(String(p.frame.total_max)),
        cell(p.score.total === null ? '—' : String(p.score.total), true),
      ],
    }),
  ];
  const band = p.frame.bands.find((b) => b.code === p.band)?.name ?? 'chưa xếp loại';
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            text: 'PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC',
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({
            text: `Kỳ đánh giá: ${periodLabel(period)} — ${p.frame.name}`,
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({ text: `Họ và tên: ${p.person.full_name}` }),
          new Paragraph({ text: `Chức vụ / vị trí: ${p.person.position_name} — ${p.person.org_unit_name}` }),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
          new Paragraph({ text: 'Giải trình điểm', heading: HeadingLevel.HEADING_2 }),
          ...p.score.lines.map((l) => new Paragraph({ text: `• ${l.text}` })),
          new Paragraph({ text: 'Kết quả', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun({ text: `Xếp loại: ${band}`, bold: true })] }),
          ...(p.quota.reason ? [new Paragraph({ text: p.quota.reason })] : []),
          ...(e?.self_note ? [new Paragraph({ text: `Tự đánh giá: ${e.self_note}` })] : []),
          ...(e?.manager_reason
            ? [new Paragraph({ text: `Lý do điều chỉnh của người quản lý: ${e.manager_reason}` })]
            : []),
          ...(e?.head_reason
            ? [new Paragraph({ text: `Lý do điều chỉnh của thủ trưởng: ${e.head_reason}` })]
            : []),
          ...(e?.person_comment
            ? [new Paragraph({ text: `Ý kiến của công chức: ${e.person_comment}` })]
            : []),
          new Paragraph({
            text: `Trạng thái: ${e?.state === 'approved' ? 'đã phê duyệt' : 'chưa phê duyệt'}`,
          }),
        ],
      },
    ],
  });
  return { bytes: await Packer.toBuffer(doc), fileName: `phieu-danh-gia-${p.person.code}-${period}.docx` };
}
