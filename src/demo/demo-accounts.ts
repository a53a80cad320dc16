/**
 * Demonstration accounts (tài khoản minh họa), one per role on the Hanoi demo units, all with
 * the same published password. Created only by `tieuchi serve --demo` on an empty database:
 * never in real use, where `tieuchi users create-admin` makes the first administrator.
 */
import type { Role } from '../access/index.ts';
import { grantRole } from '../accounts/grants.ts';
import { createUser } from '../accounts/users.ts';
import type { Db } from '../db/database.ts';

/** The password of every demo account (printed at start-up, written in the README). */
export const demoPassword = 'demo-tieuchi-2026';

/** The NTM commune framework the department reviewers are assigned criteria of. */
const ntm = 'vn-qd318-xa-ntm-2021-2025';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Root of the subtree ('*' = every unit). */
  unitCode: string;
  frameworkId?: string;
  criteria?: string[];
  /** What the account shows (Vietnamese), for the start-up message. */
  note: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    username: 'demo.quantri',
    displayName: 'Quản trị viên (minh họa)',
    role: 'admin',
    unitCode: '*',
    note: 'quản trị viên, mọi đơn vị',
  },
  {
    username: 'demo.vpdp',
    displayName: 'Văn phòng Điều phối NTM thành phố (minh họa)',
    role: 'coordination_office',
    unitCode: '01',
    note: 'văn phòng điều phối, Thành phố Hà Nội',
  },
  {
    username: 'demo.xa',
    displayName: 'Cán bộ xã Dương Hà / Phù Đổng (minh họa)',
    role: 'commune_officer',
    unitCode: '00541',
    note: 'cán bộ xã, mã 00541 (Xã Dương Hà, Huyện Gia Lâm; từ 01/07/2025 Xã Phù Đổng)',
  },
  {
    username: 'demo.sogiaothong',
    displayName: 'Sở Xây dựng — thẩm định giao thông (minh họa)',
    role: 'department_reviewer',
    unitCode: '01',
    frameworkId: ntm,
    criteria: ['2'],
    note: `sở thẩm định tiêu chí 2 (Giao thông) của ${ntm}`,
  },
  {
    username: 'demo.sogiaoduc',
    displayName: 'Sở Giáo dục và Đào tạo — thẩm định trường học (minh họa)',
    role: 'department_reviewer',
    unitCode: '01',
    frameworkId: ntm,
    criteria: ['5'],
    note: `sở thẩm định tiêu chí 5 (Trường học) của ${ntm}`,
  },
  {
    username: 'demo.hoidong',
    displayName: 'Thành viên Hội đồng thẩm định (minh họa)',
    role: 'council_member',
    unitCode: '01',
    note: 'thành viên hội đồng, Thành phố Hà Nội',
  },
  {
    username: 'demo.lanhdao',
    displayName: 'Lãnh đạo UBND thành phố (minh họa)',
    role: 'leader',
    unitCode: '01',
    note: 'lãnh đạo, Thành phố Hà Nội (chỉ xem)',
  },
];

/** Creates the demo accounts with their grants (the demo units and frameworks must be loaded). */
export async function createDemoAccounts(db: Db): Promise<readonly DemoAccount[]> {
  await db.transaction(async (tx) => {
    for (const a of demoAccounts) {
      const user = await createUser(tx, {
        username: a.username,
        displayName: a.displayName,
        password: demoPassword,
      });
      await grantRole(tx, {
        userId: user.id,
        role: a.role,
        unitCode: a.unitCode,
        frameworkId: a.frameworkId ?? null,
        criteria: a.criteria ?? null,
      });
    }
  });
  return demoAccounts;
}
