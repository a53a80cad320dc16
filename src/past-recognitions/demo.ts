/**
 * The demo's recognitions made before TieuChi: every decision about the demo's units in
 * /work/shared/data/hanoi-ntm-facts.md, copied into data/hanoi-recognitions-before-tieuchi.csv
 * (its `nguon` column gives each row's sources; unknown numbers and dates stay empty, with a
 * note). The two NTM nâng cao 2023 district decisions are the demo's recognised dossiers
 * (src/dossiers/demo.ts), not rows here. Loaded through the import use case, as an official would.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { readTable } from '../files/tabular.ts';
import { importPastRecognitions } from './record.ts';
import { pastRecognitionRows } from './table.ts';

export const demoRecognitionsFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'hanoi-recognitions-before-tieuchi.csv',
);

/** Loads the file (skipped when the register already holds decisions); returns how many were recorded. */
export async function loadPastRecognitionsDemo(
  db: Db,
  opts: { actor: Actor; log?: (m: string) => void },
): Promise<number> {
  if ((await db.query('SELECT 1 FROM past_recognitions LIMIT 1')).length > 0) return 0;
  const table = await readTable(demoRecognitionsFile);
  const r = await importPastRecognitions(db, {
    actor: opts.actor,
    file: basename(demoRecognitionsFile),
    rows: pastRecognitionRows(table),
    commit: true,
  });
  opts.log?.(`Quyết định công nhận trước khi dùng TieuChi: ${r.recognitions.length}.`);
  return r.recognitions.length;
}
