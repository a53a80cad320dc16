/**
 * Word annexes built with the `docx` package, laid out as official decisions publish them:
 * merged criterion cells (rowSpan = w:vMerge), a "Chỉ tiêu theo vùng" header over seven region
 * columns (columnSpan = w:gridSpan) or "Nhóm 1/2/3" columns, section and footnote rows.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

export type CellSpec = string | { text: string; rowSpan?: number; columnSpan?: number };

export async function buildDocx(opts: {
  paragraphs?: string[];
  rows: CellSpec[][];
  /** More tables after the first, each after its own paragraphs. */
  more?: Array<{ before?: string[]; rows: CellSpec[][] }>;
}): Promise<Buffer> {
  const cell = (c: CellSpec) => {
    const spec = typeof c === 'string' ? { text: c } : c;
    return new TableCell({
      children: spec.text.split('\n').map((line) => new Paragraph(line)),
      ...(spec.rowSpan ? { rowSpan: spec.rowSpan } : {}),
      ...(spec.columnSpan ? { columnSpan: spec.columnSpan } : {}),
    });
  };
  const table = (rows: CellSpec[][]) =>
    new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });
  const doc = new Document({
    sections: [
      {
        children: [
          ...(opts.paragraphs ?? []).map((p) => new Paragraph(p)),
          table(opts.rows),
          ...(opts.more ?? []).flatMap((m) => [
            ...(m.before ?? []).map((p) => new Paragraph(p)),
            table(m.rows),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const regionNames = [
  'Trung du và miền núi phía Bắc',
  'Đồng bằng sông Hồng',
  'Bắc Trung Bộ',
  'Duyên hải Nam Trung Bộ',
  'Tây Nguyên',
  'Đông Nam Bộ',
  'Đồng bằng sông Cửu Long',
];

const empty7 = ['', '', '', '', '', '', ''];

/**
 * A QĐ 318-style annex: TT | Tên tiêu chí | Nội dung tiêu chí | Chỉ tiêu chung | 7 regions.
 * 2.1 has regional values (TDMNPB with a footnote mark), 2.2 a Vietnamese decimal, 3 only
 * regional numbers, 4.1 two regions, 5.1 an unreadable cell, 6.1/6.2 share a merged threshold.
 */
export function regionAnnex(): Promise<Buffer> {
  return buildDocx({
    paragraphs: [
      'PHỤ LỤC I',
      'BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI THỬ NGHIỆM',
      '(Kèm theo Quyết định số 999/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ)',
    ],
    rows: [
      [
        { text: 'TT', rowSpan: 2 },
        { text: 'Tên tiêu chí', rowSpan: 2 },
        { text: 'Nội dung tiêu chí', rowSpan: 2 },
        { text: 'Chỉ tiêu chung', rowSpan: 2 },
        { text: 'Chỉ tiêu theo vùng', columnSpan: 7 },
      ],
      regionNames,
      [{ text: 'I. QUY HOẠCH', columnSpan: 11 }],
      ['1', 'Quy hoạch', '1.1. Có quy hoạch chung xây dựng xã được phê duyệt', 'Đạt', ...empty7],
      [
        { text: '2', rowSpan: 2 },
        { text: 'Giao thông', rowSpan: 2 },
        '2.1. Tỷ lệ đường xã được nhựa hóa hoặc bê tông hóa',
        '100%',
        '≥ 70%(*)',
        '100%',
        '≥ 90%',
        '≥ 90%',
        '≥ 80%',
        '100%',
        '≥ 85%',
      ],
      ['2.2. Tỷ lệ đường thôn được cứng hóa', '≥ 92,5%', ...empty7],
      [{ text: 'II. KINH TẾ', columnSpan: 11 }],
      [
        '3',
        'Thu nhập',
        '3. Thu nhập bình quân đầu người (triệu đồng/người/năm)',
        '',
        '≥ 45',
        '≥ 60',
        '≥ 50',
        '≥ 50',
        '≥ 48',
        '≥ 62',
        '≥ 55',
      ],
      ['4', 'Hộ nghèo', '4.1. Tỷ lệ hộ nghèo đa chiều', '≤ 2%', '≤ 5%', '', '', '', '≤ 4%', '', ''],
      ['5', 'Y tế', '5.1. Tỷ lệ người dân tham gia bảo hiểm y tế', 'Theo hướng dẫn của Bộ Y tế', ...empty7],
      [
        { text: '6', rowSpan: 2 },
        { text: 'Môi trường', rowSpan: 2 },
        '6.1. Tỷ lệ hộ được sử dụng nước sạch',
        { text: '≥ 95%', rowSpan: 2 },
        ...empty7,
      ],
      ['6.2. Tỷ lệ chất thải rắn được thu gom', ...empty7],
      [
        {
          text: 'Ghi chú: (*) Xã có trên 3 trường học; các vùng theo phân vùng kinh tế - xã hội.',
          columnSpan: 11,
        },
      ],
    ],
  });
}

/**
 * A QĐ 51-style annex with commune groups: TT | Tên tiêu chí | Nội dung tiêu chí |
 * "Chỉ tiêu theo nhóm xã" over Nhóm 1/2/3, a column-number row, a Vietnamese decimal and
 * an unreadable cell in group 3.
 */
export function groupAnnex(): Promise<Buffer> {
  return buildDocx({
    paragraphs: [
      'Phụ lục I',
      '(Ban hành kèm theo Quyết định số 998/2025/QĐ-TTg ngày 29 tháng 12 năm 2025 của Thủ tướng Chính phủ)',
    ],
    rows: [
      [
        { text: 'TT', rowSpan: 2 },
        { text: 'Tên tiêu chí', rowSpan: 2 },
        { text: 'Nội dung tiêu chí', rowSpan: 2 },
        { text: 'Chỉ tiêu theo nhóm xã', columnSpan: 3 },
      ],
      ['Nhóm 1', 'Nhóm 2', 'Nhóm 3'],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
      ['I', 'HẠ TẦNG', '', '', '', ''],
      [
        { text: '1', rowSpan: 2 },
        { text: 'Hạ tầng', rowSpan: 2 },
        '1.1. Tỷ lệ đường xã được cứng hóa',
        '100%',
        '≥ 92,5%',
        '≥ 80%',
      ],
      ['1.2. Có nhà văn hóa xã', 'Đạt', 'Đạt', 'Không áp dụng'],
      ['2', 'Thu nhập', '2.1. Thu nhập bình quân đầu người', '≥ 1.234,5', '≥ 70', 'Bằng mức của tỉnh'],
      [{ text: '(*) Nhóm xã theo phân loại của cấp có thẩm quyền.', columnSpan: 6 }],
    ],
  });
}

/**
 * The region annex split over two tables (the header repeated on the second, as Word does for a
 * table cut by a page break), followed by "PHỤ LỤC II" and a table of the same shape that
 * belongs to another annex.
 */
export function splitRegionAnnex(): Promise<Buffer> {
  const header: CellSpec[][] = [
    [
      { text: 'TT', rowSpan: 2 },
      { text: 'Tên tiêu chí', rowSpan: 2 },
      { text: 'Nội dung tiêu chí', rowSpan: 2 },
      { text: 'Chỉ tiêu chung', rowSpan: 2 },
      { text: 'Chỉ tiêu theo vùng', columnSpan: 7 },
    ],
    regionNames,
  ];
  return buildDocx({
    paragraphs: ['(Kèm theo Quyết định số 999/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ)'],
    rows: [...header, ['1', 'Quy hoạch', '1.1. Có quy hoạch chung xây dựng xã', 'Đạt', ...empty7]],
    more: [
      { rows: [...header, ['2', 'Giao thông', '2.1. Tỷ lệ đường xã được cứng hóa', '≥ 90%', ...empty7]] },
      {
        before: ['PHỤ LỤC II', 'BỘ TIÊU CHÍ KHÁC'],
        rows: [...header, ['1', 'Khác', '1.1. Chỉ tiêu của phụ lục khác', '≥ 10%', ...empty7]],
      },
    ],
  });
}
