import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A PostgreSQL client program (pg_dump, pg_restore): PG_BIN if set, else the newest of Debian's
 * /usr/lib/postgresql/<major>/bin, else the PATH.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const fromEnv = process.env.PG_BIN?.trim();
  if (fromEnv) return join(fromEnv, name);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const majors = readdirSync(base)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) {
      const p = join(base, m, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  return name;
}
