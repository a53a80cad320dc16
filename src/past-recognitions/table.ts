/**
 * The file of past recognition decisions (CSV or .xlsx, read by the upload reader): one decision
 * per row, Vietnamese column names, values as officials write them ("NTM nâng cao", "UBND TP",
 * "năm 2020", 03/08/2020, "chưa rõ số hiệu"). Rows are read into inputs; a cell that cannot be
 * read is an issue naming its line and column.
 */

import { parseDate } from '../engine/written.ts';
import type { InputIssue } from '../errors.ts';
import { type ColumnSpec, matchColumns, type Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { foldVietnamese } from '../units/search-name.ts';
import type { PastRecognitionInput } from './record.ts';
import type { Authority, Title } from './schemas.ts';

/** The file's columns: the API field each one fills. */
export const pastRecognitionColumns = {
  ma_don_vi: 'unit_code',
  ten_don_vi: 'unit_name',
  danh_hieu: 'title',
  nam: 'year',
  so_quyet_dinh: 'decision_no',
  ngay_quyet_dinh: 'decision_date',
  ngay_don_nhan: 'ceremony_date',
  cap_ky: 'authority',
  nguoi_ky: 'signer',
  bo_tieu_chi: 'criteria_set',
  ma_bo_tieu_chi: 'framework_id',
  nguon: 'sources',
  ghi_chu: 'note',
} as const;

type Column = keyof typeof pastRecognitionColumns;

/** The columns as officials write them; the key (ma_don_vi) folds to the same header ("Mã đơn vị"). */
const columnSpecs = (
  [
    ['ma_don_vi', 'Mã đơn vị', true],
    ['ten_don_vi', 'Tên đơn vị'],
    ['danh_hieu', 'Danh hiệu', true],
    ['nam', 'Năm'],
    ['so_quyet_dinh', 'Số quyết định'],
    ['ngay_quyet_dinh', 'Ngày quyết định'],
    ['ngay_don_nhan', 'Ngày đón nhận'],
    ['cap_ky', 'Cấp ký', true],
    ['nguoi_ky', 'Người ký'],
    ['bo_tieu_chi', 'Bộ tiêu chí'],
    ['ma_bo_tieu_chi', 'Mã bộ tiêu chí'],
    ['nguon', 'Nguồn'],
    ['ghi_chu', 'Ghi chú'],
  ] as Array<[Column, string, boolean?]>
).map(([key, label, required]) => ({
  key,
  label,
  en: pastRecognitionColumns[key],
  required: required ?? false,
})) satisfies ColumnSpec[];

const byField = new Map<string, string>(Object.entries(pastRecognitionColumns).map(([col, f]) => [f, col]));

/** The file column of an API field (issues of a file name its columns). */
export function columnOf(field: string): string {
  return byField.get(field) ?? field;
}

export interface PastRecognitionRow {
  line: number;
  input: PastRecognitionInput | null;
  issues: InputIssue[];
}

/** A title as written: the code, or words such as "NTM nâng cao", "xã đạt chuẩn NTM kiểu mẫu". */
export function parseTitle(raw: string): Title | null {
  const s = foldVietnamese(raw).replace(/_/g, ' ');
  if (/kieu mau/.test(s)) return 'ntm_kieu_mau';
  if (/nang cao/.test(s)) return 'ntm_nang_cao';
  if (/hoan thanh nhiem vu/.test(s)) return 'hoan_thanh_nhiem_vu';
  if (/\bntm\b|nong thon moi/.test(s)) return 'ntm';
  return null;
}

/** The signing authority as written: "UBND TP", "UBND thành phố", "Thủ tướng Chính phủ", "TTg". */
export function parseAuthority(raw: string): Authority | null {
  const s = foldVietnamese(raw).replace(/_/g, ' ');
  if (/thu tuong|\bttg\b/.test(s)) return 'thu_tuong';
  if (/ubnd|uy ban/.test(s)) return 'ubnd_tinh';
  return null;
}

/**
 * Reads the rows of a decisions file (headers with or without accents: "Mã đơn vị" or ma_don_vi);
 * throws FILE_FORMAT when a required column is missing.
 */
export function pastRecognitionRows(file: Table): PastRecognitionRow[] {
  return matchColumns(file, columnSpecs).rows.map(({ line, cells }) => {
    const issues: InputIssue[] = [];
    const cell = (c: Column) => (cells[c] ?? '').trim();
    const bad = (field: string, value: string, vi: string, en: string) =>
      issues.push({ line, field, value, message: text(vi, en) });
    const code = cell('ma_don_vi');
    if (!code) bad('ma_don_vi', '', 'thiếu mã đơn vị (mã có hiệu lực ngày quyết định)', 'unit code missing');
    const title = parseTitle(cell('danh_hieu'));
    if (!title)
      bad(
        'danh_hieu',
        cell('danh_hieu'),
        'danh hiệu phải là NTM, NTM nâng cao, NTM kiểu mẫu hoặc hoàn thành nhiệm vụ xây dựng NTM',
        'unknown title',
      );
    const authority = parseAuthority(cell('cap_ky'));
    if (!authority)
      bad(
        'cap_ky',
        cell('cap_ky'),
        'cấp ký phải là UBND thành phố (tỉnh) hoặc Thủ tướng Chính phủ',
        'unknown authority',
      );
    let year: number | null = null;
    if (cell('nam')) {
      const m = /^(?:nam\s*)?(\d{4})$/.exec(foldVietnamese(cell('nam')));
      if (m) year = Number(m[1]);
      else bad('nam', cell('nam'), 'năm phải có dạng 2020 hoặc "năm 2020"', 'year must look like 2020');
    }
    const date = (c: 'ngay_quyet_dinh' | 'ngay_don_nhan') => {
      if (!cell(c)) return null;
      const d = parseDate(cell(c));
      if (!d) bad(c, cell(c), 'ngày phải có dạng dd/mm/yyyy', 'date must be dd/mm/yyyy');
      return d;
    };
    const decisionDate = date('ngay_quyet_dinh');
    const ceremonyDate = date('ngay_don_nhan');
    const sources = cell('nguon')
      .split(/[\s;]+/)
      .filter(Boolean);
    for (const s of sources)
      if (!/^https?:\/\/\S+$/.test(s) || s.length > 1000)
        bad(
          'nguon',
          s,
          'nguồn phải là địa chỉ http(s)://, cách nhau bằng dấu ;',
          'a source must be an http(s) address',
        );
    for (const [c, max] of [
      ['ten_don_vi', 200],
      ['so_quyet_dinh', 100],
      ['nguoi_ky', 200],
      ['bo_tieu_chi', 300],
      ['ma_bo_tieu_chi', 100],
      ['ghi_chu', 2000],
    ] as const)
      if (cell(c).length > max)
        bad(c, `${cell(c).slice(0, 40)}…`, `dài quá ${max} ký tự`, `longer than ${max}`);
    if (!code || !title || !authority || issues.length > 0) return { line, input: null, issues };
    return {
      line,
      issues,
      input: {
        unitCode: code,
        unitName: cell('ten_don_vi') || null,
        title,
        year,
        decisionNo: cell('so_quyet_dinh') || null,
        decisionDate,
        ceremonyDate,
        authority,
        signer: cell('nguoi_ky') || null,
        criteriaSet: cell('bo_tieu_chi') || null,
        frameworkId: cell('ma_bo_tieu_chi') || null,
        sources,
        note: cell('ghi_chu') || null,
      },
    };
  });
}
