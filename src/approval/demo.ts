/**
 * The demo's approval of routine figures for 2024, walked through the real use cases so that
 * /duyet-so-lieu holds work for demo.vpdp (the city's coordination office, which approves):
 * - huyện Thanh Trì: every unit below approved under the commune frameworks the district one reads,
 *   the district's own figures submitted — ready to approve;
 * - huyện Gia Lâm: three communes approved, three submitted (waiting for demo.vpdp), Xã Dương Hà
 *   returned with a reason (its income jumped, see src/quality/demo.ts), the others not yet
 *   submitted; the district's figures submitted, waiting for the level below ("chờ cấp dưới duyệt").
 * Actors are the demo accounts' usernames acting as the system (the demo runs before the accounts
 * exist). Approval locks figures, so this runs after every other part of the demo has written.
 */
import { systemActorNamed } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { descendants, loadTree } from '../units/tree.ts';
import { approveFigures, returnFigures, submitFigures } from './workflow.ts';

const period = '2024';
const ntm = 'vn-qd318-xa-ntm-2021-2025';
const below = [ntm, 'vn-qd318-xa-ntm-nang-cao-2021-2025', 'vn-qd04-2022-dtvm-phuong-thi-tran'];
const district = 'vn-qd320-huyen-ntm-2021-2025';
const thanhTri = '020';
const giaLam = '018';
/** Gia Lâm's communes in 2024 by the state the demo leaves them in. */
const giaLamStates = {
  approved: ['00529', '00532', '00535'],
  submitted: ['00538', '00544', '00547'],
  returned: ['00541'],
};
export const demoReturnReason =
  'Thu nhập bình quân đầu người tăng bất thường so với năm 2023 — đề nghị kiểm tra lại hoặc giải trình';

export async function loadApprovalDemo(db: Db, opts: { log?: (m: string) => void } = {}): Promise<void> {
  const unit = systemActorNamed('demo');
  const office = systemActorNamed('demo.vpdp');
  const tree = await loadTree(db, `${period}-12-31`);
  for (const id of below) {
    const fw = await requireFrameworkForPeriod(db, id, period).catch(() => null);
    if (!fw) continue;
    const kinds = new Set<string>(fw.def.applies_to);
    const codes = descendants(tree, thanhTri)
      .filter((u) => kinds.has(u.kind))
      .map((u) => u.code);
    if (codes.length === 0) continue;
    const base = { frameworkId: id, period, unitCodes: codes };
    await submitFigures(db, { ...base, actor: unit });
    await approveFigures(db, { ...base, actor: office });
  }
  const base = { frameworkId: ntm, period };
  const all = Object.values(giaLamStates).flat();
  await submitFigures(db, { ...base, actor: unit, unitCodes: all });
  await approveFigures(db, { ...base, actor: office, unitCodes: giaLamStates.approved });
  await returnFigures(db, {
    ...base,
    actor: office,
    unitCodes: giaLamStates.returned,
    reason: demoReturnReason,
  });
  await submitFigures(db, { frameworkId: district, period, actor: unit, unitCodes: [thanhTri, giaLam] });
  opts.log?.(
    'Duyệt số liệu 2024: huyện Thanh Trì chờ duyệt (cấp dưới đã duyệt), huyện Gia Lâm chờ cấp dưới duyệt.',
  );
}
