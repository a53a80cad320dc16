import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AppError, describeIssue } from '../src/errors.ts';
import { handleError, validationHook } from '../src/http/errors.ts';
import { langOfHeaders, render, text } from '../src/text.ts';

const srcDir = join(import.meta.dirname, '..', 'src');
const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** String literals of src/ written as "Vietnamese / English" (the old bilingual pattern). */
function bilingualLiterals(): string[] {
  const found: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const source = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
        const raw = n.getText(sf).replace(/\$\{[^}]*\}/g, '…');
        const at = raw.search(/ \/ [a-zA-Z]/);
        if (at > 0 && vietnamese.test(raw.slice(0, at)) && !vietnamese.test(raw.slice(at)))
          found.push(
            `${relative(srcDir, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`,
          );
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

describe('server messages per language', () => {
  it('has no "Vietnamese / English" message left in src/', () => {
    expect(bilingualLiterals()).toEqual([]);
  });

  it('reads the language from X-Lang, then Accept-Language; Vietnamese otherwise', () => {
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    expect(langOfHeaders(h({}))).toBe('vi');
    expect(langOfHeaders(h({ 'accept-language': 'en-US,en;q=0.9' }))).toBe('en');
    expect(langOfHeaders(h({ 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' }))).toBe('vi');
    expect(langOfHeaders(h({ 'accept-language': 'en-US', 'x-lang': 'vi' }))).toBe('vi');
    expect(langOfHeaders(h({ 'x-lang': 'en' }))).toBe('en');
  });

  it('renders errors in the request language, keeping one string per message', async () => {
    const app = new OpenAPIHono({ defaultHook: validationHook });
    app.onError(handleError);
    app.get('/boom', () => {
      throw new AppError('DOSSIER_NOT_FOUND', text('Không có hồ sơ #3', 'dossier #3 not found'), [
        { field: 'id', value: '3', message: text('không tồn tại', 'does not exist') },
      ]);
    });
    app.get('/crash', () => {
      throw new Error('database exploded');
    });
    app.openapi(
      {
        method: 'get',
        path: '/typed',
        request: { query: z.object({ year: z.coerce.number().int(), kind: z.enum(['xa', 'huyen']) }) },
        responses: { 200: { description: 'ok' } },
      },
      (c) => c.json({ ok: true }, 200),
    );
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { headers });
      return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
    };

    const vi = await get('/boom');
    expect(vi.status).toBe(404);
    expect(vi.body.error).toEqual({
      code: 'DOSSIER_NOT_FOUND',
      message: 'Không có hồ sơ #3',
      details: [{ field: 'id', label: 'số hiệu', value: '3', message: 'không tồn tại' }],
    });
    const en = await get('/boom', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body.error).toEqual({
      code: 'DOSSIER_NOT_FOUND',
      message: 'dossier #3 not found',
      details: [{ field: 'id', label: 'id', value: '3', message: 'does not exist' }],
    });
    expect((await get('/boom', { 'accept-language': 'en', 'x-lang': 'vi' })).body.error.message).toBe(
      'Không có hồ sơ #3',
    );

    const errorLog = console.error;
    console.error = () => {};
    try {
      expect((await get('/crash')).body.error).toEqual({
        code: 'INTERNAL',
        message: 'Lỗi máy chủ',
        details: [],
      });
      expect((await get('/crash', { 'x-lang': 'en' })).body.error.message).toBe('internal error');
    } finally {
      console.error = errorLog;
    }

    // zod's own (English) messages become Vietnamese unless English is asked for.
    const missing = await get('/typed?kind=tinh');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Tham số không hợp lệ: year, kind');
    expect(missing.body.error.details).toEqual([
      { field: 'year', label: 'năm', message: expect.stringMatching(/^phải là số/) },
      { field: 'kind', label: 'loại', message: 'phải là một trong: xa, huyen' },
    ]);
    const missingEn = await get('/typed?kind=tinh', { 'x-lang': 'en' });
    expect(missingEn.body.error.message).toBe('invalid request field(s): year, kind');
    expect(JSON.stringify(missingEn.body)).not.toMatch(vietnamese);
  });

  it('describes an issue for the CLI in its language', () => {
    const issue = { line: 12, field: 'value', value: 'abc', message: text('không phải số', 'not a number') };
    expect(describeIssue(issue)).toBe('dòng 12, cột giá trị ("abc"): không phải số');
    expect(describeIssue(issue, 'en')).toBe('line 12, column value ("abc"): not a number');
    expect(render('Xã Phù Đổng', 'en')).toBe('Xã Phù Đổng');
  });
});
