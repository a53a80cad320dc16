import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../scripts/gen-api-types.ts';
import { describeIssue, presentIssue } from '../src/errors.ts';
import { fieldLabel, hasFieldWords } from '../src/field-words.ts';
import { text } from '../src/text.ts';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain JSON
type Json = any;

/** Every property name of the requests the API accepts (parameters and bodies), from its OpenAPI document. */
function requestFieldNames(): Set<string> {
  const doc = openApiDocument() as Json;
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: Json): void => {
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    if (s.$ref) {
      walk(doc.components.schemas[s.$ref.split('/').pop()]);
      return;
    }
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      names.add(k);
      walk(v);
    }
    walk(s.items);
    walk(s.additionalProperties);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const x of s[k] ?? []) walk(x);
  };
  for (const path of Object.values<Json>(doc.paths))
    for (const op of Object.values<Json>(path)) {
      if (!op || typeof op !== 'object') continue;
      for (const p of op.parameters ?? []) names.add(p.name);
      for (const media of Object.values<Json>(op.requestBody?.content ?? {})) walk(media.schema);
    }
  return names;
}

describe('fields in words', () => {
  it('has Vietnamese words for every field a request can carry', () => {
    const names = requestFieldNames();
    expect(names.size).toBeGreaterThan(100);
    expect([...names].filter((n) => !hasFieldWords(n))).toEqual([]);
  });

  it('has words for every field the server names in its own issues', () => {
    const named = new Set<string>();
    for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.ts'))
        for (const m of readFileSync(join('src', file), 'utf8').matchAll(/field: '([^']+)'/g))
          named.add(m[1]!);
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((n) => !hasFieldWords(n))).toEqual([]);
  });

  it('says where in a request: items counted from 1, keys of several columns, a file’s own header as it is', () => {
    expect(fieldLabel('values[3].value', 'vi')).toBe('các số liệu, mục 4 › giá trị');
    expect(fieldLabel('values[3].value', 'en')).toBe('values item 4 › value');
    expect(fieldLabel('[0].unit_code', 'vi')).toBe('mục 1 › mã đơn vị');
    expect(fieldLabel('unit_code, measure_id', 'vi')).toBe('mã đơn vị, mã số liệu');
    expect(fieldLabel('procedure.front_comments', 'vi')).toBe('thủ tục › ý kiến Mặt trận Tổ quốc');
    expect(fieldLabel('Tỷ lệ hộ nghèo (%)', 'vi')).toBe('Tỷ lệ hộ nghèo (%)');
    expect(fieldLabel('Chỉ tiêu 2025.v2!A5', 'vi')).toBe('Chỉ tiêu 2025.v2!A5');
    expect(fieldLabel('X00001/m01/2024', 'vi')).toBe('X00001/m01/2024');
  });

  it('gives each issue its field in words beside the field itself, and a person the words', () => {
    const issue = {
      line: 12,
      field: 'unit_code',
      value: '99999',
      message: text('không có đơn vị này', 'no such unit'),
    };
    expect(presentIssue(issue, 'vi')).toEqual({
      line: 12,
      field: 'unit_code',
      label: 'mã đơn vị',
      value: '99999',
      message: 'không có đơn vị này',
    });
    expect(presentIssue(issue, 'en').label).toBe('unit code');
    expect(describeIssue(issue)).toBe('dòng 12, cột mã đơn vị ("99999"): không có đơn vị này');
    expect(presentIssue({ message: 'x' }, 'vi')).toEqual({ message: 'x' });
  });
});
