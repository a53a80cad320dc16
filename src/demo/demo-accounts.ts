/**
 * Demonstration accounts (tài khoản minh họa), one per role on the Hanoi demo units, all with
 * the same published password. Created only by `tieuchi serve --demo` on an empty database:
 * never in real use, where `tieuchi users create-admin` makes the first administrator.
 */
import { type Role, systemActor } from '../access/index.ts';
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
  /** The role on a unit subtree; none for a civil servant of the demo agency. */
  role?: Role;
  /** Root of the subtree ('*' = every unit). */
  unitCode?: string;
  /** The demo agency's person (staff_people.code) this account is (staff evaluation). */
  staffPerson?: string;
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
  {
    username: 'demo.chutich',
    displayName: 'Nguyễn Văn An — Chủ tịch UBND phường (minh họa)',
    staffPerson: 'CB01',
    note: 'đánh giá cán bộ: thủ trưởng cơ quan thử nghiệm, phê duyệt xếp loại',
  },
  {
    username: 'demo.truongphong',
    displayName: 'Trần Thị Bình — Chánh Văn phòng (minh họa)',
    staffPerson: 'CB02',
    note: 'đánh giá cán bộ: quản lý trực tiếp, giao và đánh giá nhiệm vụ',
  },
  {
    username: 'demo.chuyenvien',
    displayName: 'Phạm Đức Dũng — Chuyên viên (minh họa)',
    staffPerson: 'CB04',
    note: 'đánh giá cán bộ: chuyên viên, xem tháng của mình',
  },
];

/**
 * Creates the demo accounts with their grants, and links three of them to people of the demo
 * agency (the demo units, frameworks and agency must be loaded).
 */
export async function createDemoAccounts(db: Db): Promise<readonly DemoAccount[]> {
  await db.transaction(async (tx) => {
    for (const a of demoAccounts) {
      const user = await createUser(tx, {
        actor: systemActor,
        username: a.username,
        displayName: a.displayName,
        password: demoPassword,
      });
      if (a.role && a.unitCode)
        await grantRole(tx, {
          actor: systemActor,
          userId: user.id,
          role: a.role,
          unitCode: a.unitCode,
          frameworkId: a.frameworkId ?? null,
          criteria: a.criteria ?? null,
        });
      if (a.staffPerson)
        await tx.query('UPDATE staff_people SET user_id = $1 WHERE code = $2', [user.id, a.staffPerson]);
    }
  });
  return demoAccounts;
}
