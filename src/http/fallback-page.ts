import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { statusLabels } from '../engine/status.ts';
import { readEvaluation } from '../evaluations/report.ts';
import { listFrameworks } from '../frameworks/store.ts';
import { fallbackCss } from './page-styles.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The server-rendered overview page, served at / only when the web UI has not been built. */
export async function fallbackPage(db: Db, c: Context): Promise<Response> {
  const list = await listFrameworks(db);
  const framework = c.req.query('framework') ?? list[0]?.id;
  const period = c.req.query('period') ?? '2024';
  const unit = c.req.query('unit') ?? '01';
  let body = '';
  if (framework) {
    try {
      const r = await readEvaluation(db, {
        actor: systemActor,
        frameworkId: framework,
        period,
        unitCode: unit,
      });
      body = r.results
        .map((x) => {
          const children = x.children ? `${x.children.met}/${x.children.total}` : '';
          const crit = x.criteria.length ? `${x.met_criteria}/${x.total_criteria}` : '';
          const link = `/?framework=${encodeURIComponent(framework)}&period=${encodeURIComponent(period)}&unit=${encodeURIComponent(x.unit.code)}`;
          return `<tr><td>${escapeHtml(x.unit.code)}</td><td><a href="${link}">${escapeHtml(x.unit.name)}</a></td><td class="s-${x.status}">${statusLabels[x.status].vi}</td><td>${crit}</td><td>${children}</td></tr>`;
        })
        .join('');
    } catch (err) {
      body = `<tr><td colspan="5">${escapeHtml((err as Error).message)}</td></tr>`;
    }
  }
  const options = list
    .map(
      (f) =>
        `<option value="${escapeHtml(f.id)}"${f.id === framework ? ' selected' : ''}>${escapeHtml(f.name)}</option>`,
    )
    .join('');
  return c.html(html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TieuChi — Tổng quan</title>
<style>${raw(fallbackCss)}</style></head><body>
<header><h1>TieuChi — Theo dõi bộ tiêu chí</h1>
<p>Giao diện web chưa được dựng (<code>npm run build:web</code>); đây là trang tổng quan tối giản. <a href="/api/docs">Tài liệu API</a></p></header>
<main><form method="get"><label>Bộ tiêu chí <select name="framework">${raw(options)}</select></label>
<label>Kỳ <input name="period" value="${period}" size="7"></label>
<label>Mã đơn vị <input name="unit" value="${unit}" size="7"></label><button>Xem</button></form>
<table><thead><tr><th>Mã</th><th>Đơn vị</th><th>Kết quả</th><th>Tiêu chí đạt</th><th>Đơn vị con đạt</th></tr></thead>
<tbody>${raw(body)}</tbody></table></main></body></html>`);
}
