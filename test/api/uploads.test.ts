import http from 'node:http';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { snapshot } from '../support/db.ts';
import { windows1258 } from '../support/encodings.ts';
import { type SessionClient, sessionClient, testPassword } from '../support/session-client.ts';
import { xlsxBomb } from '../support/zip-bomb.ts';

const MB = 1024 * 1024;

interface RawReply {
  status: number;
  body: string;
}

/**
 * Sends a request by hand: the headers, then `bodyBytes` of body in 64 KB chunks (0 = none, the
 * rest of a declared Content-Length is never sent), stopping as soon as the server answers.
 */
function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers: Record<string, string>; bodyBytes: number },
): Promise<RawReply & { sent: number }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: u.hostname,
      port: u.port,
      method: opts.method ?? 'POST',
      path: opts.path,
      headers: opts.headers,
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < opts.bodyBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !opts.headers['content-length']) req.end();
    };
    if (opts.bodyBytes > 0) pump();
    else if (!opts.headers['content-length']) req.end();
    else req.flushHeaders();
  });
}

/** Polls /api/health every 20 ms until `work` settles: the latencies, in ms. */
async function healthDuring<T>(url: string, work: Promise<T>): Promise<{ result: T; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      // A fresh connection each time (a kept-alive one may be closed by the server between polls).
      const r = await fetch(`${url}/api/health`, { headers: { connection: 'close' } });
      await r.arrayBuffer();
      expect(r.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await work, latencies };
  } finally {
    done = true;
    await poll;
  }
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0;

describe.each(testDatabases())('hostile uploads and bodies on $name', (target) => {
  let api: TestApi;
  let admin: SessionClient;
  let leader: SessionClient;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_uploads', auth: 'required' });
    const a = await createUser(api.db, {
      actor: systemActor,
      username: 'quan.tri',
      displayName: 'Quản trị',
      password: testPassword,
    });
    await grantRole(api.db, { actor: systemActor, userId: a.id, role: 'admin', unitCode: '*' });
    const l = await createUser(api.db, {
      actor: systemActor,
      username: 'lanh.dao',
      displayName: 'Lãnh đạo',
      password: testPassword,
    });
    await grantRole(api.db, { actor: systemActor, userId: l.id, role: 'leader', unitCode: 'P1' });
    admin = sessionClient(api.url);
    leader = sessionClient(api.url);
    expect((await admin.login('quan.tri')).status).toBe(200);
    expect((await leader.login('lanh.dao')).status).toBe(200);
  });
  afterAll(async () => {
    await api?.close();
  });

  const csrfOf = async (c: SessionClient) => (await c.get('/api/session')).body.csrf_token as string;

  it('refuses an upload by a caller without the ability before reading its body', async () => {
    const headers = {
      cookie: leader.cookie,
      'x-csrf-token': await csrfOf(leader),
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(100 * MB),
    };
    const paths = [
      '/api/imports',
      '/api/staff/tasks/import',
      '/api/targets/2026/import',
      '/api/surveys/1/households',
      '/api/evidence',
      '/api/frameworks/drafts',
    ];
    for (const path of paths) {
      // 100 MB announced, not one byte sent: an answer proves nothing waited for the body.
      const r = await rawRequest(api.url, { path, headers, bodyBytes: 0 });
      expect({ path, status: r.status, code: JSON.parse(r.body).error.code }).toEqual({
        path,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    const anonymous = await rawRequest(api.url, {
      path: '/api/imports',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(100 * MB) },
      bodyBytes: 0,
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a 200 MB streamed upload and an oversized JSON body with 413 naming the limit; health answers, RSS bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    const headers = {
      cookie: admin.cookie,
      'x-csrf-token': await csrfOf(admin),
      'content-type': 'multipart/form-data; boundary=x',
    };
    // Chunked: no Content-Length, the server counts while it reads.
    const { result: streamed, latencies } = await healthDuring(
      api.url,
      rawRequest(api.url, { path: '/api/imports', headers, bodyBytes: 200 * MB }),
    );
    expect([streamed.status, JSON.parse(streamed.body).error]).toEqual([
      413,
      {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Tệp vượt quá giới hạn 50 MB',
        details: [{ field: 'body', label: 'nội dung gửi lên', message: 'Tệp vượt quá giới hạn 50 MB' }],
      },
    ]);
    expect(streamed.sent).toBeLessThan(200 * MB);
    expect(latencies.length).toBeGreaterThan(0);
    // Declared: refused from the header alone.
    const declared = await rawRequest(api.url, {
      path: '/api/imports',
      headers: { ...headers, 'content-length': String(200 * MB) },
      bodyBytes: 0,
    });
    expect(declared.status).toBe(413);
    // Anonymous JSON (login, feedback): 1 MB at most.
    const login = await rawRequest(api.url, {
      path: '/api/session',
      headers: { 'content-type': 'application/json' },
      bodyBytes: 2 * MB,
    });
    expect([login.status, JSON.parse(login.body).error.message]).toEqual([
      413,
      'Nội dung gửi lên vượt quá giới hạn 1 MB',
    ]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * MB);
    expect((await api.get('/api/health')).status).toBe(200);
  });

  it('refuses a spreadsheet bomb with 413 while /api/health keeps answering', async () => {
    const before = await snapshot(api.db);
    const rssBefore = process.memoryUsage().rss;
    // The same polling with nothing else going on: on a loaded machine health itself is slower.
    const idle = await healthDuring(api.url, new Promise((r) => setTimeout(r, 1500)));
    const form = new FormData();
    form.append('kind', 'values');
    form.append('file', new Blob([xlsxBomb(600)]), 'so-lieu.xlsx');
    const { result, latencies } = await healthDuring(api.url, admin.write('POST', '/api/imports', form));
    expect([result.status, result.body.error.code, result.body.error.message]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      'Tệp .xlsx giải nén vượt quá giới hạn 512 MB (nghi là "bom nén" ZIP): không nhận tệp này',
    ]);
    expect(p99(latencies)).toBeLessThan(Math.max(200, 2 * p99(idle.latencies)));
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
    expect(await snapshot(api.db)).toBe(before);
  });

  it('answers NUL bytes and invalid UTF-8 anywhere with 400 naming the field, changing nothing', async () => {
    const before = await snapshot(api.db);
    const cases: Array<
      [string, Promise<{ status: number; body: { error: { code: string; details: unknown } } }>]
    > = [
      ['query', admin.get('/api/units/search?q=H%00a')],
      ['query utf-8', admin.get('/api/units/search?q=H%C3%28')],
      ['path', admin.get('/api/units/C1%00')],
      [
        'json',
        admin.write('POST', '/api/values', {
          values: [{ unit_code: 'C1', indicator: 'x\u0000', period: '2024', value: '1' }],
        }),
      ],
      ['login', leader.forged('POST', '/api/session', { username: 'lanh\u0000dao', password: 'x' })],
      [
        'surrogate',
        admin.write('POST', '/api/values', {
          values: [{ unit_code: 'C1', indicator: 'road', period: '2024', value: '1', note: 'a\ud800' }],
        }),
      ],
    ];
    const form = new FormData();
    form.append('kind', 'values\u0000');
    form.append('file', new Blob(['unit_code,indicator,period,value\n']), 'so-lieu.csv');
    cases.push(['form field', admin.write('POST', '/api/imports', form)]);
    const fields: Record<string, unknown> = {};
    for (const [name, p] of cases) {
      const r = await p;
      expect({ name, status: r.status, code: r.body.error.code }).toEqual({
        name,
        status: 400,
        code: 'INVALID_TEXT',
      });
      fields[name] = (r.body.error.details as Array<{ field: string }>)[0]!.field;
    }
    expect(fields).toEqual({
      query: 'q',
      'query utf-8': 'q',
      path: 'đường dẫn',
      json: 'values[0].indicator',
      login: 'username',
      surrogate: 'values[0].note',
      'form field': 'kind',
    });
    // Clean text passes: Vietnamese letters, a lone "%" typed by hand.
    const fine = await admin.get('/api/units/search?q=T%E1%BB%89nh%20Th%E1%BB%AD%20Nghi%E1%BB%87m');
    expect([fine.status, fine.body.units?.length > 0]).toEqual([200, true]);
    expect((await admin.get('/api/units/search?q=100%')).status).toBe(200);
    // Invalid UTF-8 bytes in a JSON body.
    const raw = await fetch(`${api.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"username":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","password":"x"}'),
      ]),
    });
    expect([raw.status, ((await raw.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'INVALID_TEXT',
    ]);
    expect(await snapshot(api.db)).toBe(before);
  });

  it('imports Windows-1258 and UTF-16 CSV files with correct Vietnamese text', async () => {
    const note = 'Báo cáo của Huyện Ứng Hoà: đạt chuẩn nông thôn mới';
    const files: Array<[string, Buffer, string]> = [
      [
        'windows-1258',
        windows1258(`unit_code,indicator,period,value,note\nC2,road_hardened_pct,2024,"91,5",${note}\n`),
        '91.5',
      ],
      [
        'utf-16le',
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          iconv.encode(
            `unit_code;indicator;period;value;note\nC2;road_hardened_pct;2024;93;${note} (UTF-16)\n`,
            'utf-16le',
          ),
        ]),
        '93',
      ],
    ];
    for (const [encoding, bytes, value] of files) {
      const form = new FormData();
      form.append('kind', 'values');
      form.append('file', new Blob([bytes]), `so-lieu-${encoding}.csv`);
      const up = await admin.write('POST', '/api/imports', form);
      expect({ encoding, status: up.status, valid: up.body.import?.valid }).toEqual({
        encoding,
        status: 200,
        valid: true,
      });
      const done = await admin.write('POST', `/api/imports/${up.body.import.id}/commit`);
      expect(done.status).toBe(200);
      const [row] = await api.db.query<{ num: number; note: string }>(
        `SELECT num, note FROM value_current WHERE unit_code = 'C2' AND measure_id = 'road_hardened_pct' AND period = '2024'`,
      );
      expect({ encoding, num: String(row?.num), note: row?.note }).toEqual({
        encoding,
        num: value,
        note: encoding === 'utf-16le' ? `${note} (UTF-16)` : note,
      });
    }
  });
});
