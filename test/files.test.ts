import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { readSheets } from '../src/files/sheets.ts';
import { parseTable } from '../src/files/tabular.ts';
import { windows1258 } from './support/encodings.ts';
import { xlsxBomb } from './support/zip-bomb.ts';

const text = 'Báo cáo kết quả, Đạt chuẩn nông thôn mới nâng cao; Huyện Ứng Hoà';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('reading uploaded tables', () => {
  const csv = `ma,ten\nX1,"${text}"\n`;
  const expected = { header: ['ma', 'ten'], rows: [{ line: 2, cells: { ma: 'X1', ten: text } }] };

  it('reads CSV in UTF-8 with and without BOM, UTF-16 LE/BE with BOM and Windows-1258 alike', async () => {
    const encodings: Record<string, Buffer> = {
      'utf-8': Buffer.from(csv),
      'utf-8 bom': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
      'utf-16le bom': Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv, 'utf-16le')]),
      'utf-16be bom': Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csv, 'utf-16be')]),
      'windows-1258': windows1258(csv),
    };
    // The Windows-1258 bytes are not UTF-8: read as UTF-8 they would be garbage.
    expect(encodings['windows-1258']!.toString('utf8')).toContain('\uFFFD');
    for (const [name, bytes] of Object.entries(encodings))
      expect({ name, table: await parseTable(bytes, 'bang.csv') }).toEqual({ name, table: expected });
  });

  it('refuses an encoding it cannot read, naming it, and never keeps replacement characters', async () => {
    const cyrillic = iconv.encode('код,название\n1,Отчёт о результатах работы за год\n', 'koi8-r');
    const refused = await failure(parseTable(cyrillic, 'bang.csv'));
    expect(refused.code).toBe('FILE_ENCODING');
    expect(refused.message).toMatch(/bảng mã (KOI8-R|windows-1251|ISO-8859-5|IBM866)/);
    const garbage = await failure(parseTable(Buffer.from('ma,ten\nX1,B\uFFFDo c\uFFFDo\n'), 'bang.csv'));
    expect([garbage.code, garbage.message]).toEqual(['FILE_ENCODING', expect.stringContaining('ký tự lỗi')]);
    const nul = await failure(parseTable(Buffer.from('ma,ten\nX1,a\u0000b\n'), 'bang.csv'));
    expect([nul.code, nul.message]).toEqual(['FILE_ENCODING', expect.stringContaining('NUL ở dòng 2')]);
  });

  it('refuses a spreadsheet bomb (a few KB inflating to 600 MB) before reading it, with the limit named', async () => {
    const bomb = xlsxBomb(600);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    for (const inWorker of [false, true]) {
      const err = await failure(readSheets(bomb, 'so-lieu.xlsx', { inWorker }));
      expect([err.code, err.message]).toEqual([
        'PAYLOAD_TOO_LARGE',
        'Tệp .xlsx giải nén vượt quá giới hạn 512 MB (nghi là "bom nén" ZIP): không nhận tệp này',
      ]);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('caps columns and reads the same table in a worker as inline', async () => {
    const wide = `${Array.from({ length: 201 }, (_, i) => `c${i}`).join(',')}\n`;
    const err = await failure(parseTable(Buffer.from(wide), 'rong.csv'));
    expect([err.code, err.message]).toEqual([
      'PAYLOAD_TOO_LARGE',
      'Dòng 1 có 201 cột, vượt quá giới hạn 200 cột',
    ]);
    const bytes = windows1258(
      `ma,ten\n${Array.from({ length: 3000 }, (_, i) => `X${i},"${text}"`).join('\n')}\n`,
    );
    const [inline, worker] = await Promise.all([
      readSheets(bytes, 'a.csv', { inWorker: false }),
      readSheets(bytes, 'a.csv', { inWorker: true }),
    ]);
    expect(worker[0]!.rows.size).toBe(3001);
    expect(worker[0]!.rows.get(3001)).toEqual(['X2999', iconv.decode(windows1258(text), 'windows-1258')]);
    expect([...worker[0]!.rows]).toEqual([...inline[0]!.rows]);
  });

  it('reads plain CSV lines as csv-parse reads them, and hands it the rest from the first line it must read', async () => {
    const options = { relax_column_count: true, skip_empty_lines: true, info: true, bom: true } as const;
    const texts: Record<string, string> = {
      plain: 'a,b,c\nX1,"1,5",\n\nX2,"nói ""đạt""",x\n,,\n X3 ,"",""""\n',
      crlf: 'a,b\r\nX1,"2,5"\r\n\r\nX2,b\r\n',
      semicolon: 'a;b\nX1;"1;5"\nX2;3\n',
      'a quoted line break': 'a,b\nX1,1\nX2,"dòng một\ndòng hai"\nX3,3\n\nX4,4\n',
      'a quoted line break in the header': '"a\nb",c\nX1,1\n',
      'lone carriage returns': 'a,b\rX1,1\rX2,2\r',
      'a carriage return inside a line': 'a,b\nX1,1\r2\nX2,2\n',
      'a line feed alone in a CRLF file': 'a,b\r\nX1,1\nX2,2\r\n',
      'no line break at the end': 'a,b\nX1,1',
    };
    for (const [name, csv] of Object.entries(texts)) {
      const [sheet] = await readSheets(Buffer.from(csv), 'a.csv');
      const records = parseCsv(csv, {
        ...options,
        delimiter: name === 'semicolon' ? ';' : ',',
      }) as unknown as Array<{
        record: string[];
        info: { lines: number };
      }>;
      expect({ name, rows: [...sheet!.rows] }).toEqual({
        name,
        rows: records.map((r) => [r.info.lines, r.record]),
      });
    }
    // A malformed line past the plain ones is refused as csv-parse refuses it, naming the same line.
    const bad = `a,b\n${'X,1\n'.repeat(5)}X6,a"b\n`;
    const refusal = (() => {
      try {
        parseCsv(bad, { ...options, delimiter: ',' });
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(refusal).toMatch(/line 7/);
    const err = await failure(readSheets(Buffer.from(bad), 'a.csv'));
    expect([err.code, err.message]).toEqual(['FILE_FORMAT', `Tệp CSV không hợp lệ: ${refusal}`]);
  });

  it('keeps the event loop answering while a large file is read in the worker', async () => {
    const rows = 100_000;
    const lines = Array.from(
      { length: rows },
      (_, i) => `C${i},road_hardened_pct,2024,"${i % 100},5",ghi chú ${i}`,
    );
    const bytes = Buffer.from(`unit_code,indicator,period,value,note\n${lines.join('\n')}\n`);
    const lags: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      lags.push(now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    const table = await parseTable(bytes, 'lon.csv');
    const readMs = performance.now() - started;
    clearInterval(timer);
    expect(table.rows.length).toBe(rows);
    expect(table.rows[rows - 1]).toEqual({
      line: rows + 1,
      cells: {
        unit_code: `C${rows - 1}`,
        indicator: 'road_hardened_pct',
        period: '2024',
        value: '99,5',
        note: `ghi chú ${rows - 1}`,
      },
    });
    lags.sort((a, b) => a - b);
    const p99 = lags[Math.floor(lags.length * 0.99)] ?? 0;
    // The reading took long enough to measure, and the loop never stalled for long meanwhile.
    expect({ samples: lags.length > 20, p99: p99 < 200 }).toEqual({ samples: true, p99: true });
    expect(readMs).toBeGreaterThan(0);
  }, 180_000);
});
