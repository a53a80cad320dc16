/** `tieuchi users …`: the first administrator, the list of accounts, grants. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { type Actor, ALL_UNITS, type Role, roles } from '../access/index.ts';
import { grantRole } from '../accounts/grants.ts';
import { createUser, listUsers, normaliseUsername, setPassword } from '../accounts/users.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { t } from './lang.ts';
import { formatTable } from './table.ts';

export interface CliContext {
  sub(name: string, vi: string, en: string): Command;
  withDb(fn: (db: Db) => Promise<void>): Promise<void>;
  actor(): Actor;
}

/** Reads the whole of standard input (one trailing newline dropped). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a line on the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** The new password: from standard input with --password-stdin, else asked twice on the terminal. */
async function readNewPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY)
    throw new AppError(
      'INVALID_PASSWORD',
      t(
        'Không có bàn phím để hỏi mật khẩu: dùng --password-stdin',
        'No terminal to ask for the password: use --password-stdin',
      ),
    );
  const first = await promptHidden(t('Mật khẩu: ', 'Password: '));
  const again = await promptHidden(t('Nhập lại mật khẩu: ', 'Repeat the password: '));
  if (first !== again)
    throw new AppError(
      'INVALID_PASSWORD',
      t('Hai lần nhập mật khẩu không khớp', 'The passwords do not match'),
    );
  return first;
}

const roleList = roles.join(', ');

export function usersCommand(cli: CliContext): Command {
  const users = cli.sub('users', 'Tài khoản người dùng và quyền', 'User accounts and roles');
  users.addHelpCommand(false);
  users.addCommand(
    cli
      .sub(
        'create-admin',
        'Tạo tài khoản quản trị viên (mặc định quản trị mọi đơn vị); mật khẩu hỏi trên bàn phím hoặc đọc từ stdin',
        'Create an administrator account (of every unit by default); password asked on the terminal or read from stdin',
      )
      .requiredOption('--username <name>', t('tên đăng nhập', 'username'))
      .option(
        '--display-name <name>',
        t('họ tên (mặc định: tên đăng nhập)', 'display name (default: the username)'),
      )
      .option('--unit <code>', t("đơn vị gốc ('*' = mọi đơn vị)", "root unit ('*' = every unit)"), ALL_UNITS)
      .option('--password-stdin', t('đọc mật khẩu từ stdin', 'read the password from stdin'))
      .action(
        async (o: { username: string; displayName?: string; unit: string; passwordStdin?: boolean }) => {
          const password = await readNewPassword(o.passwordStdin);
          await cli.withDb(async (db) => {
            const actor = cli.actor();
            const user = await db.transaction(async (tx) => {
              const u = await createUser(tx, {
                username: o.username,
                displayName: o.displayName ?? o.username,
                password,
                actor,
              });
              await grantRole(tx, { userId: u.id, role: 'admin', unitCode: o.unit, actor });
              return u;
            });
            console.log(
              t(
                `Đã tạo quản trị viên ${user.username} (số ${user.id}) cho đơn vị ${o.unit}.`,
                `Created administrator ${user.username} (#${user.id}) of unit ${o.unit}.`,
              ),
            );
          });
        },
      ),
  );
  users.addCommand(
    cli.sub('list', 'Danh sách tài khoản và quyền', 'List accounts and their roles').action(async () =>
      cli.withDb(async (db) => {
        const list = await listUsers(db, { actor: cli.actor() });
        const grantText = (g: (typeof list)[number]['grants'][number]) =>
          `${g.role}@${g.unitCode}${g.frameworkId ? ` ${g.frameworkId}` : ''}${g.criteria ? ` [${g.criteria.join(',')}]` : ''}`;
        console.log(
          formatTable(
            [
              t('Số', 'Id'),
              t('Tên đăng nhập', 'Username'),
              t('Họ tên', 'Name'),
              t('Hoạt động', 'Active'),
              t('Quyền', 'Roles'),
            ],
            list.map((u) => [
              String(u.id),
              u.username,
              u.displayName,
              u.active ? t('có', 'yes') : t('không', 'no'),
              u.grants.map(grantText).join('; '),
            ]),
            { right: [0] },
          ),
        );
      }),
    ),
  );
  users.addCommand(
    cli
      .sub(
        'grant',
        'Cấp quyền trên một cây đơn vị (ví dụ: sở Giao thông chỉ tiêu chí 2)',
        'Grant a role on a unit subtree (e.g. the transport department, criterion 2 only)',
      )
      .requiredOption('--username <name>', t('tên đăng nhập', 'username'))
      .requiredOption('--role <role>', `${t('vai trò', 'role')}: ${roleList}`)
      .requiredOption('--unit <code>', t("đơn vị gốc ('*' = mọi đơn vị)", "root unit ('*' = every unit)"))
      .option('--framework <id>', t('chỉ bộ tiêu chí này', 'only this framework'))
      .option('--criteria <list>', t('chỉ các tiêu chí này, ví dụ 2,3', 'only these criteria, e.g. 2,3'))
      .action(
        async (o: { username: string; role: string; unit: string; framework?: string; criteria?: string }) =>
          cli.withDb(async (db) => {
            const actor = cli.actor();
            const name = normaliseUsername(o.username);
            const user = (await listUsers(db, { actor })).find((u) => u.username === name);
            if (!user)
              throw new AppError('USER_NOT_FOUND', t(`Không có tài khoản ${name}`, `No user ${name}`));
            const g = await grantRole(db, {
              userId: user.id,
              role: o.role as Role,
              unitCode: o.unit,
              frameworkId: o.framework ?? null,
              criteria: o.criteria ? o.criteria.split(',').map((c) => c.trim()) : null,
              actor,
            });
            console.log(t(`Đã cấp quyền số ${g.id} cho ${name}.`, `Granted #${g.id} to ${name}.`));
          }),
      ),
  );
  users.addCommand(
    cli
      .sub('set-password', 'Đặt lại mật khẩu một tài khoản', "Reset an account's password")
      .requiredOption('--username <name>', t('tên đăng nhập', 'username'))
      .option('--password-stdin', t('đọc mật khẩu từ stdin', 'read the password from stdin'))
      .action(async (o: { username: string; passwordStdin?: boolean }) => {
        const password = await readNewPassword(o.passwordStdin);
        await cli.withDb(async (db) => {
          const actor = cli.actor();
          const name = normaliseUsername(o.username);
          const user = (await listUsers(db, { actor })).find((u) => u.username === name);
          if (!user) throw new AppError('USER_NOT_FOUND', t(`Không có tài khoản ${name}`, `No user ${name}`));
          await setPassword(db, { userId: user.id, password, actor });
          console.log(t(`Đã đặt mật khẩu mới cho ${name}.`, `New password set for ${name}.`));
        });
      }),
  );
  return users;
}
