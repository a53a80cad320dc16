import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { type Db, defaultDataDir, openDb } from '../db/database.ts';
import { createDemoAccounts, type DemoAccount, demoPassword } from '../demo/demo-accounts.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { AppError, describeIssue } from '../errors.ts';
import { readEvaluation } from '../evaluations/report.ts';
import { importFramework } from '../frameworks/import.ts';
import { listFrameworks, requireFramework } from '../frameworks/store.ts';
import { render } from '../text.ts';
import { importUnits } from '../units/import.ts';
import { importValues, setValues } from '../values/import.ts';
import { formatDate, formatEvaluationTable, formatUnitDetail, kindName } from './evaluate-table.ts';
import { lang, t } from './lang.ts';
import { formatTable } from './table.ts';
import { usersCommand } from './users.ts';

interface GlobalOptions {
  data?: string;
  user?: string;
}

const program = new Command('tieuchi')
  .description(
    t(
      'TieuChi — theo dõi, đánh giá mức độ đạt các bộ tiêu chí của đơn vị hành chính',
      'TieuChi — track how administrative units meet official criteria sets',
    ),
  )
  .addOption(
    new Option(
      '--data <dir>',
      t('thư mục dữ liệu PGlite (mặc định ./.tieuchi)', 'PGlite data directory (default ./.tieuchi)'),
    ).env('TIEUCHI_DATA'),
  )
  .option('--user <name>', t('người thực hiện (ghi vào lịch sử)', 'who is acting (kept in the history)'))
  .option('--lang <vi|en>', t('ngôn ngữ: vi (mặc định) hoặc en', 'language: vi (default) or en'))
  .helpOption('-h, --help', t('xem hướng dẫn', 'show help'))
  .addHelpCommand(false)
  .addHelpText(
    'after',
    t(
      '\nCơ sở dữ liệu: PGlite nhúng trong thư mục --data; đặt DATABASE_URL để dùng PostgreSQL.',
      '\nDatabase: embedded PGlite in --data; set DATABASE_URL to use PostgreSQL.',
    ),
  );

function actor(): string {
  const o = program.opts<GlobalOptions>();
  return o.user ?? process.env.TIEUCHI_USER ?? userInfo().username;
}

/** Opens the database, runs the command, closes it; prints AppErrors readably and exits 1. */
async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const o = program.opts<GlobalOptions>();
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: o.data ?? defaultDataDir() });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

function sub(name: string, vi: string, en: string): Command {
  return new Command(name).description(t(vi, en)).helpOption('-h, --help', t('xem hướng dẫn', 'show help'));
}

// ── units ────────────────────────────────────────────────────────────────
const units = sub(
  'units',
  'Đơn vị hành chính và lịch sử sáp nhập, chia tách',
  'Administrative units and their history',
);
units.addHelpCommand(false);
units.addCommand(
  sub(
    'import',
    'Nhập danh sách đơn vị từ CSV/.xlsx (cột code,name,kind,parent_code,valid_from,valid_to,successors + thuộc tính)',
    'Import units from CSV/.xlsx (columns code,name,kind,parent_code,valid_from,valid_to,successors + attributes)',
  )
    .argument('<file>', t('tệp .csv hoặc .xlsx', '.csv or .xlsx file'))
    .action(async (file: string) =>
      withDb(async (db) => {
        const r = await importUnits(db, { path: file, actor: actor() });
        console.log(
          t(
            `Đã nhập ${r.file}: ${r.rows} dòng — thêm ${r.added}, sửa ${r.changed}, bỏ ${r.removed}, không đổi ${r.unchanged}.`,
            `Imported ${r.file}: ${r.rows} rows — added ${r.added}, changed ${r.changed}, removed ${r.removed}, unchanged ${r.unchanged}.`,
          ),
        );
      }),
    ),
);
units.addCommand(
  sub('tree', 'Xem cây đơn vị có hiệu lực tại một ngày', 'Show the unit tree valid on a date')
    .option('--date <yyyy-mm-dd>', t('ngày (mặc định hôm nay)', 'date (default today)'))
    .option('--unit <code>', t('chỉ xem đơn vị này và cấp dưới trực tiếp', 'only this unit and its children'))
    .action(async (o: { date?: string; unit?: string }) =>
      withDb(async (db) => {
        const { loadTree } = await import('../units/tree.ts');
        const date = o.date ?? new Date().toISOString().slice(0, 10);
        const tree = await loadTree(db, date);
        const list = o.unit
          ? [tree.byCode.get(o.unit), ...(tree.children.get(o.unit) ?? [])].filter((n) => n !== undefined)
          : tree.roots;
        if (o.unit && !tree.byCode.has(o.unit))
          throw new AppError(
            'UNIT_NOT_IN_PERIOD',
            t(`Đơn vị ${o.unit} không có hiệu lực ngày ${date}`, `Unit ${o.unit} not valid on ${date}`),
          );
        console.log(`${t('Cây đơn vị ngày', 'Units as of')} ${formatDate(date)}\n`);
        console.log(
          formatTable(
            [t('Mã', 'Code'), t('Tên', 'Name'), t('Loại', 'Kind'), t('Cấp dưới', 'Children')],
            list.map((n) => [
              n.code,
              n.name,
              kindName(n.kind),
              String(tree.children.get(n.code)?.length ?? 0),
            ]),
            { right: [3] },
          ),
        );
      }),
    ),
);
units.addCommand(
  sub(
    'show',
    'Xem lịch sử một đơn vị: tên, cấp trên, sáp nhập',
    "Show a unit's history: names, parents, mergers",
  )
    .argument('<code>', t('mã đơn vị', 'unit code'))
    .action(async (code: string) =>
      withDb(async (db) => {
        const { unitHistory, predecessors } = await import('../units/tree.ts');
        const history = await unitHistory(db, code);
        if (history.length === 0)
          throw new AppError('UNIT_NOT_FOUND', t(`Không có đơn vị mã ${code}`, `No unit ${code}`));
        const rows = history.map((h) => [
          h.validFrom ? formatDate(h.validFrom) : '…',
          h.validTo ? formatDate(h.validTo) : '…',
          h.name,
          kindName(h.kind),
          h.parentCode ?? '',
          h.successors.join(', '),
        ]);
        console.log(
          formatTable(
            [
              t('Từ', 'From'),
              t('Đến', 'To'),
              t('Tên', 'Name'),
              t('Loại', 'Kind'),
              t('Cấp trên', 'Parent'),
              t('Trở thành', 'Became'),
            ],
            rows,
          ),
        );
        // An earlier interval of the same code is listed too: it shows the unit's former name.
        const pre = await predecessors(db, code);
        if (pre.length > 0)
          console.log(
            `\n${t('Hình thành từ', 'Formed from')}: ${pre.map((p) => `${p.name} (${p.code})`).join(', ')}`,
          );
      }),
    ),
);
program.addCommand(units);

// ── frameworks ───────────────────────────────────────────────────────────
const frameworks = sub(
  'frameworks',
  'Bộ tiêu chí (tệp YAML trong frameworks/)',
  'Criteria frameworks (YAML files in frameworks/)',
);
frameworks.addHelpCommand(false);
frameworks.addCommand(
  sub(
    'import',
    'Nhập tệp bộ tiêu chí; in thay đổi so với phiên bản đã lưu (phiên bản đã ban hành không sửa được, thay đổi tạo phiên bản mới)',
    'Import framework files; prints the changes against the stored version (a change makes a new version)',
  )
    .argument('<files...>', t('tệp .yaml', '.yaml files'))
    .option('--dry-run', t('chỉ xem thay đổi, không lưu', 'show the changes only'))
    .action(async (files: string[], o: { dryRun?: boolean }) =>
      withDb(async (db) => {
        for (const file of files) {
          const r = await importFramework(db, { path: file, actor: actor(), dryRun: o.dryRun ?? false });
          for (const line of r.summary) console.log(render(line, lang));
          for (const w of r.warnings) console.log(`⚠ ${render(w, lang)}`);
        }
        if (o.dryRun) console.log(t('(chạy thử: chưa lưu gì)', '(dry run: nothing stored)'));
      }),
    ),
);
frameworks.addCommand(
  sub('list', 'Danh sách bộ tiêu chí (phiên bản mới nhất)', 'List frameworks (latest versions)').action(
    async () =>
      withDb(async (db) => {
        const list = await listFrameworks(db);
        console.log(
          formatTable(
            [t('Mã', 'Id'), t('PB', 'Ver'), t('Tên', 'Name'), t('Hiệu lực', 'In force')],
            list.map((f) => [
              f.id,
              String(f.version),
              f.name,
              `${formatDate(f.validFrom)} – ${formatDate(f.validTo)}`,
            ]),
            { right: [1] },
          ),
        );
      }),
  ),
);
frameworks.addCommand(
  sub(
    'show',
    'Xem tiêu chí, chỉ tiêu và ngưỡng của một bộ tiêu chí',
    "Show a framework's criteria, indicators and thresholds",
  )
    .argument('<id>', t('mã bộ tiêu chí', 'framework id'))
    .option('--version <n>', t('phiên bản', 'version'), (v) => Number.parseInt(v, 10))
    .action(async (id: string, o: { version?: number }) =>
      withDb(async (db) => {
        const fw = await requireFramework(db, id, o.version);
        const d = fw.def;
        console.log(`${d.name} — ${t('phiên bản', 'version')} ${fw.meta.version}`);
        console.log(
          `${t('Căn cứ', 'Legal basis')}: ${d.legal_basis.map((l) => `${l.number}${l.date ? ` (${formatDate(l.date)})` : ''}`).join('; ')}`,
        );
        console.log(`${t('Áp dụng cho', 'Applies to')}: ${d.applies_to.map(kindName).join(', ')}\n`);
        const rows: string[][] = [];
        for (const c of fw.compiled.criteria) {
          rows.push([`${t('TC', 'C')} ${c.no}`, c.name, '', '']);
          for (const i of c.indicators)
            rows.push([
              `  ${i.code}`,
              i.name.length > 70 ? `${i.name.slice(0, 69)}…` : i.name,
              i.measure ?? (i.parts ? i.parts.map((p) => p.measure).join('+') : 'derived'),
              i.rule.text || t('(chưa có ngưỡng)', '(no threshold)'),
            ]);
        }
        console.log(
          formatTable(
            [t('Số', 'No.'), t('Tên', 'Name'), t('Số liệu', 'Measure'), t('Ngưỡng', 'Threshold')],
            rows,
          ),
        );
      }),
    ),
);
program.addCommand(frameworks);

// ── values ───────────────────────────────────────────────────────────────
const values = sub('values', 'Số liệu của đơn vị theo kỳ', 'Figures of units by period');
values.addHelpCommand(false);
values.addCommand(
  sub(
    'import',
    'Nhập số liệu từ CSV/.xlsx (cột unit_code,indicator,period,value,note); có dòng lỗi thì không lưu gì',
    'Import figures from CSV/.xlsx (unit_code,indicator,period,value,note); any bad row changes nothing',
  )
    .argument('<file>', t('tệp .csv hoặc .xlsx', '.csv or .xlsx file'))
    .action(async (file: string) =>
      withDb(async (db) => {
        const r = await importValues(db, { path: file, actor: actor() });
        console.log(
          t(
            `Đã nhập ${r.file}: ${r.rows} dòng — thay đổi ${r.changed}, không đổi ${r.unchanged}.`,
            `Imported ${r.file}: ${r.rows} rows — changed ${r.changed}, unchanged ${r.unchanged}.`,
          ),
        );
        if (r.evaluation === 'live') console.log(t('Kết quả đánh giá đã được cập nhật.', 'Results updated.'));
        if (r.evaluation === 'stale')
          console.log(
            t(
              `${r.staleRuns} kết quả đánh giá sẽ được tính lại khi xem.`,
              `${r.staleRuns} evaluations will be recomputed on read.`,
            ),
          );
      }),
    ),
);
values.addCommand(
  sub('set', 'Nhập một số liệu', 'Set one figure')
    .argument('<unit>', t('mã đơn vị', 'unit code'))
    .argument(
      '<indicator>',
      t('mã số liệu hoặc <bộ tiêu chí>:<mã chỉ tiêu>', 'measure id or <framework>:<code>'),
    )
    .argument('<period>', t('kỳ: 2024, 2024Q3, 2024-07', 'period: 2024, 2024Q3, 2024-07'))
    .argument('<value>', t('giá trị', 'value'))
    .option('--note <text>', t('ghi chú', 'note'))
    .action(async (unit: string, indicator: string, period: string, value: string, o: { note?: string }) =>
      withDb(async (db) => {
        const r = await setValues(db, {
          values: [{ unitCode: unit, indicator, period, value, note: o.note ?? '' }],
          actor: actor(),
        });
        console.log(r.changed ? t('Đã lưu.', 'Saved.') : t('Không thay đổi.', 'Unchanged.'));
      }),
    ),
);
program.addCommand(values);

// ── evaluate ─────────────────────────────────────────────────────────────
program.addCommand(
  sub(
    'evaluate',
    'Đánh giá đơn vị theo bộ tiêu chí trong một kỳ (đơn vị và các đơn vị cấp dưới trực tiếp)',
    'Evaluate units under a framework for a period (a unit and its direct children)',
  )
    .requiredOption('--framework <id>', t('mã bộ tiêu chí', 'framework id'))
    .requiredOption('--period <p>', t('kỳ: 2024, 2024Q3, 2024-07', 'period: 2024, 2024Q3, 2024-07'))
    .option('--unit <code>', t('mã đơn vị (mặc định: mọi đơn vị)', 'unit code (default: every unit)'))
    .addOption(
      new Option('--format <f>', t('định dạng', 'format')).choices(['table', 'json']).default('table'),
    )
    .action(async (o: { framework: string; period: string; unit?: string; format: 'table' | 'json' }) =>
      withDb(async (db) => {
        const report = await readEvaluation(db, {
          frameworkId: o.framework,
          period: o.period,
          unitCode: o.unit,
        });
        if (o.format === 'json') {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        const demo = (await db.query("SELECT 1 FROM value_current WHERE source = 'demo' LIMIT 1")).length > 0;
        console.log(formatEvaluationTable(report, { demo }));
        const only = report.results.length === 1 ? report.results[0] : undefined;
        if (only && only.criteria.length > 0) console.log(`\n${formatUnitDetail(only)}`);
      }),
    ),
);

// ── users ────────────────────────────────────────────────────────────────
program.addCommand(usersCommand({ sub, withDb, actor }));

// ── demo & serve ─────────────────────────────────────────────────────────
program.addCommand(
  sub(
    'demo',
    'Nạp dữ liệu mẫu: đơn vị hành chính Hà Nội (trước và sau 01/07/2025), các bộ tiêu chí, số liệu minh họa (đánh dấu demo)',
    'Load the demo: Hanoi units (before and after 1 July 2025), the frameworks, demo figures (marked demo)',
  ).action(async () =>
    withDb(async (db) => {
      const r = await loadDemo(db, { actor: actor(), log: (m) => console.log(m) });
      console.log(
        t(
          `Xong: ${r.units} khoảng hiệu lực đơn vị, ${r.frameworks} bộ tiêu chí, ${r.values} số liệu minh họa.`,
          `Done: ${r.units} unit intervals, ${r.frameworks} frameworks, ${r.values} demo figures.`,
        ),
      );
    }),
  ),
);
/** The demo accounts just created, with their shared password (demo data only). */
function printDemoAccounts(accounts: readonly DemoAccount[]): void {
  console.log(
    t(
      `Tài khoản minh họa (chỉ có trong dữ liệu mẫu), mật khẩu chung: ${demoPassword}`,
      `Demo accounts (demo data only), shared password: ${demoPassword}`,
    ),
  );
  for (const a of accounts) console.log(`  ${a.username.padEnd(18)} ${a.note}`);
}

program.addCommand(
  sub('serve', 'Chạy máy chủ web', 'Run the web server')
    .option('--port <n>', t('cổng', 'port'), (v) => Number.parseInt(v, 10), Number(process.env.PORT ?? 3000))
    .option('--host <h>', t('địa chỉ', 'host'), process.env.HOST ?? '127.0.0.1')
    .option(
      '--demo',
      t('nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống', 'load the demo if the database is empty'),
    )
    .action(async (o: { port: number; host: string; demo?: boolean }) => {
      const { startServer } = await import('../server.ts');
      const g = program.opts<GlobalOptions>();
      const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: g.data ?? defaultDataDir() });
      if (o.demo) {
        const empty = (await db.query('SELECT 1 FROM units LIMIT 1')).length === 0;
        if (empty) {
          await loadDemo(db, { actor: 'demo', log: (m) => console.log(m) });
          printDemoAccounts(await createDemoAccounts(db));
        }
      }
      await startServer(db, { port: o.port, host: o.host });
      console.log(
        t(
          `TieuChi đang chạy tại http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${o.port}`,
          `TieuChi is running at http://${o.host}:${o.port}`,
        ),
      );
    }),
);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof AppError) {
    console.error(`${t('Lỗi', 'Error')} [${err.code}]: ${render(err.text, lang)}`);
    for (const d of err.details.slice(0, 200)) console.error(`  - ${describeIssue(d, lang)}`);
    if (err.details.length > 200) console.error(`  … ${err.details.length - 200} ${t('lỗi khác', 'more')}`);
    process.exitCode = 1;
  } else throw err;
}
