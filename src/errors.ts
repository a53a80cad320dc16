/** One problem with a piece of input: where it is (row, field) and why it is refused. */
export interface InputIssue {
  line?: number;
  field?: string;
  value?: string;
  message: string;
}

/** An error with a stable code (e.g. INVALID_ROWS, FRAMEWORK_NOT_FOUND) and the issues behind it. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: InputIssue[] = [],
  ) {
    super(message);
  }
}

/** Formats an issue for a person: "dòng 12, cột value ("abc"): không phải số". */
export function describeIssue(i: InputIssue): string {
  const where = [i.line !== undefined ? `dòng ${i.line}` : null, i.field ? `cột ${i.field}` : null]
    .filter(Boolean)
    .join(', ');
  const value = i.value !== undefined ? ` ("${i.value}")` : '';
  return where ? `${where}${value}: ${i.message}` : `${i.message}${value}`;
}
