import type { z } from 'zod';
import { fieldLabel } from './field-words.ts';
import { type Lang, type Message, render, text, zodKnows } from './text.ts';

/** One problem with a piece of input: where it is (row, field) and why it is refused. */
export interface InputIssue {
  line?: number;
  field?: string;
  value?: string;
  message: Message;
}

/** An issue as it leaves the server: its message in the reader's language. */
export interface IssueJson {
  line?: number;
  field?: string;
  /** The field in words of the reader's language ("mã đơn vị" for unit_code). */
  label?: string;
  value?: string;
  message: string;
}

/**
 * An error with a stable code (e.g. INVALID_ROWS, FRAMEWORK_NOT_FOUND) and the issues behind it.
 * `message` (Error's) is the Vietnamese text; `text` keeps both languages for rendering.
 */
export class AppError extends Error {
  readonly text: Message;
  constructor(
    readonly code: string,
    message: Message,
    readonly details: InputIssue[] = [],
  ) {
    super(render(message, 'vi'));
    this.text = message;
  }
}

/** The issue with its message rendered in one language. */
export function presentIssue(i: InputIssue, lang: Lang): IssueJson {
  const out: IssueJson = { ...i, message: render(i.message, lang) };
  if (i.field) out.label = fieldLabel(i.field, lang);
  return out;
}

export function presentIssues(issues: readonly InputIssue[], lang: Lang): IssueJson[] {
  return issues.map((i) => presentIssue(i, lang));
}

/** Formats an issue for a person: "dòng 12, cột giá trị ("abc"): không phải số". */
export function describeIssue(i: InputIssue, lang: Lang = 'vi'): string {
  const [lineWord, columnWord] = lang === 'en' ? ['line', 'column'] : ['dòng', 'cột'];
  const where = [
    i.line !== undefined ? `${lineWord} ${i.line}` : null,
    i.field ? `${columnWord} ${fieldLabel(i.field, lang)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const value = i.value !== undefined ? ` ("${i.value}")` : '';
  const message = render(i.message, lang);
  return where ? `${where}${value}: ${message}` : `${message}${value}`;
}

const typeNames: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true/false',
  array: 'danh sách',
  object: 'đối tượng',
  date: 'ngày',
};

/** zod's (English) issue as a Text; messages the schemas set with zodText keep their English. */
export function zodIssueMessage(issue: z.core.$ZodIssue): Message {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return text('thiếu giá trị bắt buộc', 'required');
      return text(`phải là ${typeNames[issue.expected] ?? issue.expected}`, issue.message);
    case 'too_small':
      return text(
        issue.origin === 'string' ? `cần ít nhất ${issue.minimum} ký tự` : `nhỏ nhất là ${issue.minimum}`,
        issue.message,
      );
    case 'too_big':
      return text(
        issue.origin === 'string' ? `nhiều nhất ${issue.maximum} ký tự` : `lớn nhất là ${issue.maximum}`,
        issue.message,
      );
    case 'invalid_value':
      return text(`phải là một trong: ${issue.values.map(String).join(', ')}`, issue.message);
    case 'unrecognized_keys':
      return text(`trường không được biết: ${issue.keys.join(', ')}`, issue.message);
    case 'invalid_format':
      return zodKnows(issue.message) ? issue.message : text('sai định dạng', issue.message);
    default:
      return issue.message;
  }
}
