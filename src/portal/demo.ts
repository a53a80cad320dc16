import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { indicatorsInOrder } from '../engine/framework.ts';
import { requireFramework } from '../frameworks/store.ts';
import { setPublication } from './publication.ts';

/**
 * The demo publishes its frameworks' results for the whole of Hà Nội (unit 01) — statuses,
 * criteria and every figure (all marked demo) — so that /cong-khai shows something at once.
 */
export async function publishDemoResults(db: Db, frameworkIds: string[]): Promise<void> {
  for (const id of frameworkIds) {
    const fw = await requireFramework(db, id).catch(() => null);
    if (!fw) continue;
    await setPublication(db, systemActor, {
      frameworkId: id,
      unitCode: '01',
      publishStatus: true,
      publishCriteria: true,
      indicators: indicatorsInOrder(fw.compiled).map((i) => i.code),
      date: '2025-12-31',
    });
  }
}
