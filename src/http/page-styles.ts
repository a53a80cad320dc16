import { createHash } from 'node:crypto';

/**
 * The style sheets of the two pages the server renders itself (the API reference at /api/docs
 * and the overview shown when the web UI is not built), kept here so that the
 * Content-Security-Policy can allow exactly these <style> blocks by their hash: no
 * 'unsafe-inline' anywhere (issue 12).
 */
export const fallbackCss = `body{font-family:system-ui,"Noto Sans",sans-serif;margin:1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%;max-width:60rem}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left}
.s-met{color:#0a6b2d}.s-not_met{color:#a4161a}.s-no_data{color:#6b6b6b}.s-rule_missing{color:#8a5a00}
form{margin:.5rem 0 1rem;display:flex;gap:.5rem;flex-wrap:wrap}select,input,button{font-size:1rem;padding:.25rem}
`;

export const docsCss = `body{font-family:system-ui,"Noto Sans",sans-serif;margin:0;color:#1a1a1a;line-height:1.45;display:flex}
nav{width:22rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f6f8;padding:1rem;font-size:.9rem}
nav ul{padding-left:1rem}main{padding:1rem 2rem;max-width:70rem;min-width:0}
table{border-collapse:collapse;width:100%;margin:.25rem 0 .75rem}td,th{border:1px solid #d9dde1;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}code{font-family:ui-monospace,monospace;font-size:.88em;word-break:break-word}
.op{border-top:1px solid #d9dde1;padding-top:.5rem;margin-top:1rem}h4{margin:.5rem 0 .25rem}
.m{display:inline-block;min-width:3.5rem;text-align:center;border-radius:3px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.m-get{background:#1f6feb}.m-post{background:#1a7f37}.m-put,.m-patch{background:#9a6700}.m-delete{background:#cf222e}
a{color:#0b5cad}@media (max-width:50rem){body{display:block}nav{width:auto;height:auto;position:static}}
`;

/** CSP source expressions ('sha256-…') for the server-rendered style blocks above. */
export const serverStyleHashes = [fallbackCss, docsCss].map(
  (css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`,
);
