/**
 * Tasks imported from the document-management system's export (CSV or .xlsx): document number,
 * title, assignee, lead/collaborator, deadline. Every row is checked first; any problem refuses
 * the whole file (nothing stored) and the report names every bad row.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { parseDate } from '../engine/written.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { type ColumnSpec, matchColumns, parseTable } from '../files/tabular.ts';
import { text } from '../text.ts';
import { relations } from './access.ts';
import { assignTasks, type NewTask } from './tasks.ts';

/**
 * Columns of the document system's export as its users write them ("Số văn bản", "Trích yếu" …);
 * the keys (`so_van_ban` …) are accepted too, and case, tone marks and punctuation are ignored.
 */
export const taskColumns = [
  {
    key: 'so_van_ban',
    label: 'Số văn bản',
    en: 'document number',
    aliases: ['Số, ký hiệu văn bản', 'Số ký hiệu', 'Số hiệu văn bản', 'Số VB'],
    required: true,
  },
  {
    key: 'trich_yeu',
    label: 'Trích yếu',
    en: 'summary',
    aliases: ['Trích yếu nội dung', 'Trích yếu văn bản'],
    required: true,
  },
  {
    key: 'nguoi_thuc_hien',
    label: 'Người thực hiện',
    en: 'assignee',
    aliases: ['Mã cán bộ', 'Cán bộ thực hiện', 'Người xử lý', 'Mã người thực hiện'],
    required: true,
  },
  {
    key: 'vai_tro',
    label: 'Vai trò',
    en: 'role',
    aliases: ['Chủ trì/Phối hợp', 'Vai trò xử lý'],
    required: true,
  },
  {
    key: 'han_xu_ly',
    label: 'Hạn xử lý',
    en: 'deadline',
    aliases: ['Hạn giải quyết', 'Thời hạn', 'Thời hạn xử lý', 'Hạn hoàn thành'],
    required: true,
  },
] as const satisfies readonly ColumnSpec[];

const roles: Record<string, 'lead' | 'collaborator'> = {
  'chủ trì': 'lead',
  'chu tri': 'lead',
  lead: 'lead',
  'phối hợp': 'collaborator',
  'phoi hop': 'collaborator',
  collaborator: 'collaborator',
};

/** Imports tasks from a file; any bad row refuses the whole file, naming every bad row. */
export async function importTasks(db: Db, opts: { actor: Actor; data: Buffer; fileName: string }) {
  const { actor, data, fileName } = opts;
  const table = await parseTable(data, fileName);
  const { rows: fileRows, headers } = matchColumns(table, taskColumns);
  // Issues name each column as the file names it.
  const col = (key: (typeof taskColumns)[number]['key']) => headers[key] ?? key;
  const people = await db.query<{ id: number; code: string }>(
    'SELECT id, code FROM staff_people WHERE active',
  );
  const byCode = new Map(people.map((p) => [p.code.toLowerCase(), p.id]));
  const issues: InputIssue[] = [];
  const tasks: Array<NewTask & { line: number }> = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of fileRows) {
    const doc = (cells.so_van_ban ?? '').trim();
    const title = (cells.trich_yeu ?? '').trim();
    const who = (cells.nguoi_thuc_hien ?? '').trim();
    const roleText = (cells.vai_tro ?? '').trim().toLowerCase();
    const deadlineText = cells.han_xu_ly ?? '';
    const before = issues.length;
    if (!doc) issues.push({ line, field: col('so_van_ban'), message: 'thiếu số văn bản' });
    if (!title) issues.push({ line, field: col('trich_yeu'), message: 'thiếu trích yếu' });
    const assignee = byCode.get(who.toLowerCase());
    if (assignee === undefined)
      issues.push({ line, field: col('nguoi_thuc_hien'), value: who, message: 'không có cán bộ với mã này' });
    const role = roles[roleText];
    if (!role)
      issues.push({
        line,
        field: col('vai_tro'),
        value: cells.vai_tro ?? '',
        message: 'vai trò phải là "chủ trì" hoặc "phối hợp"',
      });
    const deadline = parseDate(deadlineText);
    if (!deadline)
      issues.push({
        line,
        field: col('han_xu_ly'),
        value: deadlineText,
        message: 'ngày phải có dạng DD/MM/YYYY hoặc YYYY-MM-DD',
      });
    if (doc && assignee !== undefined) {
      const key = `${doc}\u0000${assignee}`;
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({
          line,
          field: col('so_van_ban'),
          value: doc,
          message: `trùng số văn bản với dòng ${first} cho cùng cán bộ`,
        });
      else seen.set(key, line);
    }
    if (issues.length === before)
      tasks.push({ line, doc_number: doc, title, assignee_id: assignee!, role: role!, deadline: deadline! });
  }
  // Already imported, or not the caller's to assign.
  if (tasks.length > 0) {
    const existing = await db.query<{ doc_number: string; assignee_id: number }>(
      'SELECT doc_number, assignee_id FROM staff_tasks WHERE doc_number = ANY($1::text[])',
      [tasks.map((t) => t.doc_number)],
    );
    const have = new Set(existing.map((e) => `${e.doc_number}\u0000${e.assignee_id}`));
    const rels = await relations(db, actor, [...new Set(tasks.map((t) => t.assignee_id))]);
    for (const t of tasks) {
      if (have.has(`${t.doc_number}\u0000${t.assignee_id}`))
        issues.push({
          line: t.line,
          field: col('so_van_ban'),
          value: t.doc_number!,
          message: 'văn bản đã được giao cho cán bộ này trước đây',
        });
      const r = rels.get(t.assignee_id)!;
      if (!(r.manager || r.admin))
        issues.push({
          line: t.line,
          field: col('nguoi_thuc_hien'),
          message: `${actor.username} không có quyền giao nhiệm vụ cho cán bộ này`,
        });
    }
  }
  if (table.rows.length === 0) issues.push({ message: 'tệp không có dòng dữ liệu nào' });
  if (issues.length > 0) {
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new AppError(
      'INVALID_ROWS',
      text(
        `Tệp ${fileName} có ${issues.length} lỗi, không nhiệm vụ nào được nhập`,
        `${issues.length} problems, nothing imported`,
      ),
      issues,
    );
  }
  const ids = await assignTasks(db, {
    actor,
    tasks: tasks.map(({ line: _line, ...t }) => t),
    source: `import:${fileName}`,
  });
  return { imported: ids.length, task_ids: ids };
}
