import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Role, systemActor, systemActorNamed } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { type Db, openDb } from '../../src/db/database.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { localFileStore } from '../../src/evidence/storage.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import type { AuthMode } from '../../src/http/auth.ts';
import { startServer } from '../../src/server.ts';
import { importUnits } from '../../src/units/import.ts';
import { importValues } from '../../src/values/import.ts';
import { ensureWebBuild, root, webDir } from './web-build.ts';

export interface RunningApp {
  url: string;
  db: Db;
  close(): Promise<void>;
}

const fixtures = join(root, 'test', 'fixtures');

/**
 * The real server on a free port, on an in-memory PGlite with the Hanoi demo and, beside it,
 * the small test province of test/fixtures and its test-only framework demo-xa-2024 (known
 * thresholds, so that one edited figure visibly changes a commune's and its district's results;
 * the demo itself does not load it). Accounts are required
 * (the server's default) unless `auth: 'off'` is asked for; journeys add users and log in.
 */
export async function startApp(opts: { auth?: AuthMode } = {}): Promise<RunningApp> {
  await ensureWebBuild();
  const db = await openDb({ dataDir: 'memory://' });
  // Evidence files (the demo dossiers' and the journeys') in a throw-away directory.
  const files = localFileStore(mkdtempSync(join(tmpdir(), 'tieuchi-e2e-files-')));
  await loadDemo(db, { actor: systemActorNamed('demo'), files });
  await importUnits(db, { path: join(fixtures, 'units-small.csv'), actor: systemActorNamed('e2e') });
  for (const f of ['demo-xa-2024.yaml', 'demo-huyen-2024.yaml'])
    await importFramework(db, { path: join(fixtures, f), actor: systemActorNamed('e2e') });
  await importValues(db, { path: join(fixtures, 'values-small.csv'), actor: systemActorNamed('e2e') });
  const server = await startServer(db, {
    port: 0,
    host: '127.0.0.1',
    webDir,
    files,
    auth: opts.auth ?? 'required',
  });
  return {
    url: server.url,
    db,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

/** The password of the accounts journeys create with `addUser`. */
export const e2ePassword = 'mật khẩu hành trình 01';

/**
 * Creates an account with one role on a unit subtree (`*` = everywhere), optionally limited to
 * some criteria of a framework (a department reviewer's assignment).
 */
export async function addUser(
  db: Db,
  opts: {
    username: string;
    displayName: string;
    role: Role;
    unitCode: string;
    frameworkId?: string;
    criteria?: string[];
  },
): Promise<number> {
  const user = await createUser(db, {
    actor: systemActor,
    username: opts.username,
    displayName: opts.displayName,
    password: e2ePassword,
  });
  await grantRole(db, {
    actor: systemActor,
    userId: user.id,
    role: opts.role,
    unitCode: opts.unitCode,
    frameworkId: opts.frameworkId ?? null,
    criteria: opts.criteria ?? null,
  });
  return user.id;
}
