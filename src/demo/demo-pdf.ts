/**
 * Small generated PDFs for the demo's evidence files: a title and a few lines, Vietnamese font
 * embedded, every page stamped "Tệp minh họa" so nobody takes one for a real document.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const font = require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf');

/** A one-page A4 PDF with a title and lines of text (fixed creation date: the same bytes every time). */
export function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Producer: 'TieuChi', CreationDate: new Date(Date.UTC(2026, 0, 1)) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(font).fontSize(9).fillColor('#a00').text('TỆP MINH HỌA (DEMO) — không phải văn bản chính thức');
  doc.moveDown().fontSize(15).fillColor('#000').text(title);
  doc.moveDown().fontSize(11);
  for (const l of lines) doc.text(l).moveDown(0.4);
  doc.end();
  return done;
}
