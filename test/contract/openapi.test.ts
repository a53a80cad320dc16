/**
 * The API contract, checked from both ends: every route the Hono app registers is in
 * /api/openapi.json, the document is valid OpenAPI (checked by an independent validator,
 * @apidevtools/swagger-parser), and every operation it lists answers malformed path, query and
 * body values with a 4xx — never a 5xx — on PGlite and PostgreSQL.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/database.ts';
import { createApp } from '../../src/server.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { badJsonBodies, badParamValues, badValuesFor, type Schema, sampleOf } from './bad-values.ts';

/**
 * Success responses with parts still typed `z.any()`: target plans and parts of the dossier detail
 * (engine, self-assessment, rulings, procedure, rework, council, history) and revocation flags. To
 * be typed, then removed from this list; any other untyped response fails the test.
 */
const stillUntyped = [
  'GET /api/targets',
  'POST /api/targets',
  'PUT /api/targets',
  'DELETE /api/targets',
  'GET /api/dossiers',
  'POST /api/dossiers',
  'PUT /api/dossiers',
  '#/components/schemas/DossierDetail',
  '#/components/schemas/DossierItem',
];

/** Routes that are not API operations: the document itself and its reader. */
const notOperations = new Set(['GET /api/openapi.json', 'GET /api/docs']);

interface Operation {
  method: string;
  path: string;
  parameters: Array<{
    name: string;
    in: 'path' | 'query' | 'header' | 'cookie';
    required?: boolean;
    schema?: Schema;
  }>;
  body: { type: string; schema: Schema } | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked generically
type Doc = any;

function operationsOf(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Doc>(doc.paths))
    for (const [method, op] of Object.entries<Doc>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: type ? { type, schema: content[type].schema ?? {} } : null,
      });
    }
  return ops;
}

/** Hono's `/api/x/:id` as OpenAPI's `/api/x/{id}`. */
const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

describe('OpenAPI document', () => {
  // biome-ignore lint/suspicious/noExplicitAny: see Doc
  let app: any;
  let doc: Doc;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const db = await openDb({ dataDir: 'memory://' });
    app = createApp(db, { auth: 'off' });
    doc = await (await app.fetch(new Request('http://127.0.0.1/api/openapi.json'))).json();
    close = () => db.close();
  });
  afterAll(async () => {
    await close?.();
  });

  it('lists every route the app registers', () => {
    const documented = new Set(operationsOf(doc).map((o) => `${o.method} ${o.path}`));
    const registered = new Set<string>();
    for (const r of app.routes as Array<{ method: string; path: string }>) {
      if (!r.path.startsWith('/api/') || r.method === 'ALL' || r.path.includes('*')) continue;
      const key = `${r.method} ${openApiPath(r.path)}`;
      if (!notOperations.has(key)) registered.add(key);
    }
    expect(registered.size).toBeGreaterThan(80);
    const missing = [...registered].filter((k) => !documented.has(k)).sort();
    expect(missing, 'routes absent from /api/openapi.json').toEqual([]);
    const stale = [...documented].filter((k) => !registered.has(k)).sort();
    expect(stale, 'operations in /api/openapi.json that no route serves').toEqual([]);
  });

  it('validates as OpenAPI 3.1 with an independent validator', async () => {
    const copy = structuredClone(doc);
    await expect(SwaggerParser.validate(copy)).resolves.toBeTruthy();
  });

  it('types every success response (no untyped schema)', () => {
    const untyped = new Set<string>();
    // biome-ignore lint/suspicious/noExplicitAny: any JSON Schema node
    const walk = (key: string, s: any, depth: number) => {
      if (!s || typeof s !== 'object' || depth > 12) return;
      if ('$ref' in s) return;
      const keys = Object.keys(s).filter((k) => !['description', 'example', 'nullable', 'title'].includes(k));
      if (keys.length === 0) untyped.add(key);
      for (const p of Object.values<unknown>(s.properties ?? {})) walk(key, p, depth + 1);
      for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
        walk(key, alt, depth + 1);
      if (s.items) walk(key, s.items, depth + 1);
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        walk(key, s.additionalProperties, depth + 1);
    };
    for (const [path, item] of Object.entries<Doc>(doc.paths))
      for (const [method, op] of Object.entries<Doc>(item))
        for (const [status, res] of Object.entries<Doc>(op.responses ?? {}))
          if (status.startsWith('2'))
            walk(`${method.toUpperCase()} ${path}`, res.content?.['application/json']?.schema, 0);
    for (const [name, schema] of Object.entries<Doc>(doc.components?.schemas ?? {}))
      walk(`#/components/schemas/${name}`, schema, 0);
    const outside = [...untyped].filter((k) => !stillUntyped.some((prefix) => k.startsWith(prefix)));
    expect(outside, 'success responses with an untyped (z.any()) part').toEqual([]);
  });
});

describe.each(testDatabases())('malformed input on $name', (target) => {
  let api: TestApi;
  let ops: Operation[];
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'contract' });
    const doc = await (await fetch(`${api.url}/api/openapi.json`)).json();
    // References resolved, so that every body schema can be walked.
    ops = operationsOf(await SwaggerParser.dereference(doc as never));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  /** Sends one request; returns "METHOD path → status" when the server failed (5xx). */
  async function send(method: string, url: string, init: { body?: RequestInit['body']; type?: string } = {}) {
    const headers: Record<string, string> = { 'x-user': 'contract-test' };
    if (init.type) headers['content-type'] = init.type;
    const res = await fetch(api.url + url, { method, headers, body: init.body }).catch((e: Error) => ({
      status: 599,
      text: async () => e.message,
    }));
    if (res.status < 500) {
      if ('body' in res) await (res as Response).arrayBuffer();
      return null;
    }
    return `${method} ${url.slice(0, 160)} ${init.body ? String(init.body).slice(0, 160) : ''} → ${res.status} ${(await res.text()).slice(0, 200)}`;
  }

  const baseline = (p: Operation['parameters'][number]) => String(sampleOf(p.schema ?? {}, p.name));

  function urlOf(op: Operation, values: Record<string, string>, query: Record<string, string>) {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '1');
    const qs = Object.entries(query)
      .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
      .join('&');
    return qs ? `${path}?${qs}` : path;
  }

  it('answers bad path, query and body values with 4xx, never 5xx', async () => {
    expect(ops.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const pathParams = op.parameters.filter((p) => p.in === 'path');
      const queryParams = op.parameters.filter((p) => p.in === 'query');
      const goodPath = Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(baseline(p))]));
      const goodQuery = Object.fromEntries(
        queryParams.filter((p) => p.required).map((p) => [p.name, encodeURIComponent(baseline(p))]),
      );
      const goodBody =
        op.body?.type === 'application/json' ? JSON.stringify(sampleOf(op.body.schema)) : undefined;
      const bodyInit = goodBody ? { body: goodBody, type: 'application/json' } : {};
      const run = async (url: string, init: { body?: RequestInit['body']; type?: string } = bodyInit) => {
        sent++;
        const f = await send(op.method, url, init);
        if (f) failures.push(f);
      };
      for (const p of pathParams)
        for (const bad of badParamValues(p.schema ?? {}))
          await run(urlOf(op, { ...goodPath, [p.name]: bad }, goodQuery));
      for (const p of queryParams)
        for (const bad of badParamValues(p.schema ?? {}))
          await run(urlOf(op, goodPath, { ...goodQuery, [p.name]: bad }));
      const url = urlOf(op, goodPath, goodQuery);
      if (op.body?.type === 'application/json') {
        for (const raw of badJsonBodies()) await run(url, { body: raw, type: 'application/json' });
        for (const body of badValuesFor(op.body.schema))
          await run(url, { body: JSON.stringify(body), type: 'application/json' });
      } else if (op.body?.type === 'multipart/form-data') {
        await run(url, { body: '{"file": 1}', type: 'application/json' });
        await run(url, { body: new FormData() });
        const props = Object.keys(op.body.schema.properties ?? {});
        for (const bad of ['', 'a\u0000b', 'x'.repeat(20_000), '-1', '{"x":']) {
          const form = new FormData();
          for (const name of props) form.append(name, bad);
          await run(url, { body: form });
        }
        const withFile = new FormData();
        for (const name of props)
          withFile.append(name, new Blob([Buffer.from('not a table\u0000')]), 'x.xlsx');
        await run(url, { body: withFile });
      } else if (op.method !== 'GET') {
        await run(url, { body: '{', type: 'application/json' });
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 900_000);
});
