/**
 * Size caps on what the server reads: request bodies, uploaded files by kind, and what an
 * uploaded spreadsheet may inflate to. Read once at start-up from the environment; a malformed
 * value stops the server with a message naming the variable.
 */

export interface UploadLimits {
  /** JSON (and other non-file) request bodies, bytes. */
  jsonBytes: number;
  /** Tables: values/units imports, staff tasks, targets, households, framework drafts; bytes. */
  tableBytes: number;
  /** Evidence files of dossiers, per file, bytes. */
  evidenceBytes: number;
  /** What a whole .xlsx/.docx may inflate to (sum of its parts), bytes. */
  inflatedBytes: number;
  /** Largest inflated/compressed ratio of one part of an Office file. */
  inflateRatio: number;
  /** Rows of one uploaded table (all sheets together). */
  rows: number;
  /** Columns of one row. */
  columns: number;
  /** Memory of the worker thread that reads a spreadsheet, MB. */
  readerHeapMb: number;
  /** Time the reading of one file may take, ms. */
  readerTimeoutMs: number;
}

const MB = 1024 * 1024;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} phải là một số dương (đang là "${raw}") / ${name} must be a positive number`);
  return n;
}

/** The limits from TIEUCHI_MAX_* variables (sizes in MB); the defaults are documented in the README. */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  return {
    jsonBytes: Math.round(positive(env, 'TIEUCHI_MAX_JSON_MB', 1) * MB),
    tableBytes: Math.round(positive(env, 'TIEUCHI_MAX_TABLE_MB', 50) * MB),
    evidenceBytes: Math.round(positive(env, 'TIEUCHI_MAX_EVIDENCE_MB', 20) * MB),
    inflatedBytes: Math.round(positive(env, 'TIEUCHI_MAX_INFLATED_MB', 512) * MB),
    inflateRatio: positive(env, 'TIEUCHI_MAX_INFLATE_RATIO', 200),
    rows: Math.floor(positive(env, 'TIEUCHI_MAX_ROWS', 1_200_000)),
    columns: Math.floor(positive(env, 'TIEUCHI_MAX_COLUMNS', 200)),
    readerHeapMb: Math.floor(positive(env, 'TIEUCHI_READER_HEAP_MB', 1024)),
    readerTimeoutMs: Math.round(positive(env, 'TIEUCHI_READER_TIMEOUT_S', 300) * 1000),
  };
}

/** The limits in force (read on first use, so tests may set the variables before starting a server). */
let current: UploadLimits | undefined;
export function uploadLimits(): UploadLimits {
  current ??= uploadLimitsFromEnv();
  return current;
}

/** "20 MB", "1,5 MB", "512 KB" — a byte count as officials read it. */
export function sizeText(bytes: number): string {
  const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  return bytes >= MB ? `${nf.format(bytes / MB)} MB` : `${nf.format(bytes / 1024)} KB`;
}

/** The refusal of something too big: HTTP 413 PAYLOAD_TOO_LARGE. */
export const tooLargeCode = 'PAYLOAD_TOO_LARGE';
