import { readFileSync } from 'node:fs';
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
