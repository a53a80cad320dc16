import { stringify } from 'yaml';
import { FileFormatError } from '../files/tabular.ts';
import { type FrameworkIssue, type LoadResult, parseFramework } from '../frameworks/load.ts';
import { text } from '../text.ts';
import { indicatorSheetName, infoSheetName } from './framework-columns.ts';
import type { TemplateLocations } from './framework-locations.ts';
import { type TemplateIssue, TemplateReader } from './framework-template-reader.ts';
import { readIndicatorSheet } from './framework-template-rows.ts';
import { loadWorkbook } from './workbook.ts';

export type { TemplateIssue } from './framework-template-reader.ts';

export interface FrameworkTemplateContent {
  /** The definition as read from the cells, before validation. */
  raw: Record<string, unknown>;
  /** Cells that could not be read (bad number, unknown type, ...). */
  issues: TemplateIssue[];
  /** Maps a definition path such as criteria[0].indicators[1].rule back to sheet, row and column. */
  locations: TemplateLocations;
}

/**
 * Reads a framework template (.xlsx with "Thông tin" and "Chỉ tiêu") into a framework
 * definition, not yet validated. A workbook that is not the template is a FileFormatError.
 */
export async function readFrameworkTemplate(
  buffer: Buffer,
  fileName = 'template.xlsx',
): Promise<FrameworkTemplateContent> {
  const wb = await loadWorkbook(buffer);
  const info = wb.getWorksheet(infoSheetName);
  const indicators = wb.getWorksheet(indicatorSheetName);
  const missing = [info ? null : infoSheetName, indicators ? null : indicatorSheetName].filter(Boolean);
  if (missing.length > 0)
    throw new FileFormatError(
      text(
        `Tệp không phải mẫu bộ tiêu chí của TieuChi: thiếu trang ${missing.map((m) => `"${m}"`).join(', ')}`,
        `not a framework template: missing sheets ${missing.join(', ')}`,
      ),
    );
  const reader = new TemplateReader(fileName);
  const raw = reader.info(info!);
  const { criteria, conditions } = readIndicatorSheet(reader, indicators!);
  raw.criteria = criteria;
  if (conditions.length > 0) raw.conditions = conditions;
  return { raw, issues: reader.issues, locations: reader.locations };
}

/**
 * Reads and validates a framework template through the same path as a YAML file; every
 * problem names the sheet, row and column ("Chỉ tiêu, dòng 7, cột Ngưỡng chung"). `relocate`
 * does the same for problems found later (e.g. a measure stored with another type).
 */
export async function parseFrameworkTemplate(
  buffer: Buffer,
  fileName: string,
): Promise<LoadResult & { relocate: (issue: FrameworkIssue) => FrameworkIssue }> {
  const content = await readFrameworkTemplate(buffer, fileName);
  const relocate = (issue: FrameworkIssue) => content.locations.relocate(issue);
  const result = parseFramework(stringify(content.raw), fileName);
  // A cell already reported as unreadable is not reported again by validation.
  const reported = new Set(content.issues.map((i) => i.path));
  const later = result.ok ? [] : result.errors.map(relocate).filter((e) => !reported.has(e.path));
  const errors: FrameworkIssue[] = [...content.issues, ...later];
  return errors.length > 0 ? { ok: false, file: fileName, errors, relocate } : { ...result, relocate };
}
