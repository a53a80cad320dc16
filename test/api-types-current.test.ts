import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, openApiDocument, schemaFile } from '../scripts/gen-api-types.ts';

// The web's API types (web/src/api/schema.d.ts) are generated from the server's schemas; a
// route changed without `npm run gen:api` leaves the web compiling against a stale contract.
describe('generated API types', () => {
  it('web/src/api/schema.d.ts is what `npm run gen:api` writes for the current routes', {
    timeout: 180_000,
  }, async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(schemaFile, 'utf8');
    expect(committed === fresh, 'web/src/api/schema.d.ts is stale: run `npm run gen:api`').toBe(true);
  });

  it('covers every path of the OpenAPI document', async () => {
    const doc = openApiDocument() as { paths: Record<string, unknown> };
    const text = readFileSync(schemaFile, 'utf8');
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(50);
    for (const p of paths) expect(text, p).toContain(`"${p}": {`);
  });
});

// Decision 012: the web reads the server's shapes from the generated contract, never from server
// code; it imports only the shared pure modules listed there (one parser, one list of names).
const sharedWithWeb = [
  'src/engine/written.ts',
  'src/audit/event-names.ts',
  'src/dossiers/procedure-rules.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('web imports of server code', () => {
  it('reach only the shared pure modules of decision 012', () => {
    const root = resolve(import.meta.dirname, '..');
    const web = join(root, 'web', 'src');
    const found: string[] = [];
    for (const file of sourceFiles(web))
      for (const m of readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(file, '..', spec)).replaceAll('\\', '/');
        if (target.startsWith('src/')) found.push(`${relative(root, file)} → ${target}`);
      }
    expect(found.length).toBeGreaterThan(0);
    const others = found.filter((f) => !sharedWithWeb.some((m) => f.endsWith(`→ ${m}`)));
    expect(others).toEqual([]);
  });
});
