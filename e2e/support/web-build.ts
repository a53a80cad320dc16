import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webDir = join(root, 'dist', 'web');
const sources = join(root, 'web');
const lock = join(root, 'dist', '.web-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  const index = join(webDir, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources);
}

/**
 * Builds the web UI (vite build → dist/web) unless the build is newer than every file in web/.
 * A lock directory keeps two test processes from building at once.
 */
export async function ensureWebBuild(): Promise<void> {
  if (upToDate()) return;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 2 minutes (a build takes seconds) was left by a build that died: take it over.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`web build lock ${lock} held for 3 minutes; remove it`);
      await new Promise((r) => setTimeout(r, 500));
      if (upToDate()) return;
    }
  }
  try {
    if (upToDate()) return;
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: root,
        encoding: 'utf8',
        // Vitest sets NODE_ENV=test, which would make a development build (no service worker,
        // React's development bundle): the journeys test what officials get.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
