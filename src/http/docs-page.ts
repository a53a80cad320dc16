import { escapeHtml as esc } from './fallback-page.ts';
import { docsCss } from './page-styles.ts';

/** The parts of an OpenAPI 3.1 document the reference page reads. */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
  description?: string;
  example?: unknown;
  format?: string;
  default?: unknown;
  const?: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const refName = (ref: string) => ref.split('/').pop() ?? ref;

/** A schema as a short type expression: Unit[], "met" | "not_met", {code: string, …}. */
function typeOf(s: Schema | undefined, depth = 0): string {
  if (!s) return 'any';
  if (s.$ref) return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  if (s.enum) return s.enum.map((v) => esc(JSON.stringify(v))).join(' | ');
  if (s.const !== undefined) return esc(JSON.stringify(s.const));
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u) => typeOf(u, depth)).join(' | ');
  if (s.allOf) return s.allOf.map((u) => typeOf(u, depth)).join(' & ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (t === 'array') return `${typeOf(s.items, depth)}[]`;
  if (t === 'object' || s.properties) {
    if (!s.properties) return 'object';
    if (depth >= 2) return '{…}';
    const req = new Set(s.required ?? []);
    const fields = Object.entries(s.properties).map(
      ([k, v]) => `${esc(k)}${req.has(k) ? '' : '?'}: ${typeOf(v, depth + 1)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  return esc(s.format === 'binary' ? 'tệp' : (t ?? 'any'));
}

function fieldsTable(s: Schema | undefined): string {
  if (!s?.properties) return `<p><code>${typeOf(s)}</code></p>`;
  const req = new Set(s.required ?? []);
  const rows = Object.entries(s.properties)
    .map(
      ([k, v]) =>
        `<tr><td><code>${esc(k)}</code>${req.has(k) ? '' : ' <small>(tùy chọn)</small>'}</td><td><code>${typeOf(v, 1)}</code></td><td>${esc(v.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Trường</th><th>Kiểu</th><th>Mô tả</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const where: Record<string, string> = { query: 'truy vấn', path: 'đường dẫn', header: 'tiêu đề' };

function operation(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  const params = (op.parameters ?? [])
    .map((p) => {
      const note = [
        p.schema?.description ?? p.description,
        p.schema?.default !== undefined ? `mặc định: ${String(p.schema.default)}` : '',
        p.schema?.example !== undefined ? `ví dụ: ${String(p.schema.example)}` : '',
      ]
        .filter(Boolean)
        .join(' — ');
      return `<tr><td><code>${esc(p.name)}</code>${p.required ? '' : ' <small>(tùy chọn)</small>'}</td><td>${where[p.in] ?? esc(p.in)}</td><td><code>${typeOf(p.schema)}</code></td><td>${esc(note)}</td></tr>`;
    })
    .join('');
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, c]) => `<h4>Nội dung gửi (<code>${esc(type)}</code>)</h4>${fieldsTable(c.schema)}`)
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const content = Object.entries(r.content ?? {})
        .map(([type, c]) =>
          type === 'application/json' ? `<code>${typeOf(c.schema)}</code>` : `<code>${esc(type)}</code>`,
        )
        .join(' ');
      return `<tr><td><b>${esc(status)}</b></td><td>${esc(r.description ?? '')}</td><td>${content}</td></tr>`;
    })
    .join('');
  return `<section class="op" id="${id}"><h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p class="desc">${esc(op.description)}</p>` : ''}
${params ? `<h4>Tham số</h4><table><thead><tr><th>Tên</th><th>Vị trí</th><th>Kiểu</th><th>Ghi chú</th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body}<h4>Kết quả</h4><table><thead><tr><th>Mã</th><th>Ý nghĩa</th><th>Nội dung</th></tr></thead><tbody>${responses}</tbody></table></section>`;
}

/** A readable Vietnamese API reference rendered from the OpenAPI document (no scripts, no CDN). */
export function renderDocsPage(doc: OpenApiDoc): string {
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Khác';
      if (!byTag.has(tag)) {
        byTag.set(tag, []);
        toc.set(tag, []);
      }
      byTag.get(tag)!.push(operation(method, path, op));
      const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
      toc.get(tag)!.push(`<li><a href="#${id}"><b>${method.toUpperCase()}</b> ${esc(path)}</a></li>`);
    }
  }
  const sections = [...byTag]
    .map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join('')}`)
    .join('');
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, s]) =>
        `<section class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}${fieldsTable(s)}</section>`,
    )
    .join('');
  const nav = [...toc].map(([tag, items]) => `<li>${esc(tag)}<ul>${items.join('')}</ul></li>`).join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — Tài liệu API</title>
<style>${docsCss}</style></head><body>
<nav><b>${esc(doc.info.title)}</b><ul>${nav}<li><a href="#schemas">Kiểu dữ liệu</a></li></ul></nav>
<main><h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1>
${doc.info.description ? `<p>${esc(doc.info.description)}</p>` : ''}
<p>Tài liệu máy đọc: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
${sections}<h2 id="schemas">Kiểu dữ liệu</h2>${schemas}</main></body></html>`;
}
