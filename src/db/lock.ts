/**
 * One process per PGlite data directory. PGlite is PostgreSQL in this process's memory: a second
 * process opening the same directory writes over the first one's files (seen: an unopenable
 * directory, a lost committed write). Whoever opens the directory holds an exclusive lock
 * (proper-lockfile: a lock directory whose time is refreshed while held, taken over once stale)
 * and writes who it is beside it, so that a refused process can say who holds it.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.ts';

/** Who holds a data directory: a server (with its control socket) or a command. */
export interface LockOwner {
  pid: number;
  role: 'server' | 'command';
  started: string;
  /** The server's control socket (src/db/control.ts), through which commands reach its database. */
  socket?: string;
  url?: string;
}

const lockPath = (dir: string) => join(dir, '.tieuchi.lock');
const ownerPath = (dir: string) => join(dir, '.tieuchi-owner.json');

/** The owner recorded in `dir`, if its process is alive (a stale record is ignored). */
export function readLockOwner(dir: string): LockOwner | null {
  const owner = recordedOwner(dir);
  return owner && isAlive(owner.pid) ? owner : null;
}

function recordedOwner(dir: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(ownerPath(dir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  /** Records that a server now holds the directory, with the socket commands may use. */
  announce(owner: Pick<LockOwner, 'socket' | 'url'>): void;
  release(): Promise<void>;
}

/**
 * Takes the data directory for this process, or refuses at once with DATA_DIR_IN_USE naming the
 * process that holds it. A lock left by a killed process is taken over (its process is gone).
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const options = {
    lockfilePath: lockPath(dir),
    realpath: false,
    // Staleness by time would hand the directory to a second process whenever PGlite blocks the
    // event loop for long (a large import): the lock is taken over only when its recorded process
    // is gone (below), or when it was left without a record for a minute.
    stale: 86_400_000,
    update: 60_000,
    onCompromised: (err: Error) => console.warn(`Khóa thư mục dữ liệu ${dir}: ${err.message}`),
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const owner = recordedOwner(dir);
    const orphan = !owner && Date.now() - statSync(lockPath(dir)).mtimeMs > 60_000;
    if (owner ? isAlive(owner.pid) : !orphan) throw inUse(dir, owner);
    // The holder is gone (killed): its lock is ours to take.
    rmSync(lockPath(dir), { recursive: true, force: true });
    release = await lockfile.lock(dir, options);
  }
  const write = (owner: LockOwner) => writeFileSync(ownerPath(dir), `${JSON.stringify(owner)}\n`);
  const started = new Date().toISOString();
  write({ pid: process.pid, role: 'command', started });
  return {
    announce(o) {
      write({ pid: process.pid, role: 'server', started, ...o });
    },
    async release() {
      rmSync(ownerPath(dir), { force: true });
      await release().catch(() => {});
    },
  };
}

function inUse(dir: string, owner: LockOwner | null): AppError {
  const who =
    owner?.role === 'server'
      ? `máy chủ TieuChi (tiến trình ${owner.pid}${owner.url ? `, ${owner.url}` : ''})`
      : `một tiến trình tieuchi khác${owner ? ` (tiến trình ${owner.pid})` : ''}`;
  return new AppError(
    'DATA_DIR_IN_USE',
    `Thư mục dữ liệu ${dir} đang được ${who} sử dụng. Hai tiến trình không được mở cùng một thư mục PGlite: ` +
      (owner?.role === 'server'
        ? 'lệnh này cần mở trực tiếp cơ sở dữ liệu — hãy dừng máy chủ trước, hoặc làm việc này trên giao diện web.'
        : 'chờ lệnh kia chạy xong rồi thử lại.'),
  );
}
