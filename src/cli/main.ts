import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { type Actor, systemActorNamed } from '../access/index.ts';
import { dropCaches } from '../audit/changes.ts';
import { createBackup } from '../backup/backup.ts';
import { restoreBackup } from '../backup/restore.ts';
import { serveControl } from '../db/control.ts';
import { type Db, defaultDataDir, heldDataDir, openDb } from '../db/database.ts';
import { createDemoAccounts, type DemoAccount, demoPassword } from '../demo/demo-accounts.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { AppError, describeIssue } from '../errors.ts';
import { readEvaluation } from '../evaluations/report.ts';
import { type FileStore, fileStoreFromEnv } from '../evidence/storage.ts';
import { importFramework } from '../frameworks/import.ts';
import { listFrameworks, requireFramework } from '../frameworks/store.ts';
import { render } from '../text.ts';
import { importUnits } from '../units/import.ts';
import { importValues, setValues } from '../values/import.ts';
import { formatDate, formatEvaluationTable, formatUnitDetail, kindName } from './evaluate-table.ts';
import { lang, t } from './lang.ts';
import { qualityCommand } from './quality.ts';
import { recognitionsCommand } from './recognitions.ts';
import { formatTable } from './table.ts';
import { usersCommand } from './users.ts';
import { whatIfCommand } from './what-if.ts';

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

/** Who acts: the system, under the --user name (TIEUCHI_USER, else the login name) kept in the history. */
function actor(): Actor {
  const o = program.opts<GlobalOptions>();
  return systemActorNamed(o.user ?? process.env.TIEUCHI_USER ?? userInfo().username);
}

function dataDir(): string {
  return program.opts<GlobalOptions>().data ?? defaultDataDir();
}

/** The evidence store of this data directory (TIEUCHI_FILES / S3 settings apply as for the server). */
function evidenceStore(): FileStore {
  return fileStoreFromEnv({ ...process.env, TIEUCHI_DATA: dataDir() });
}

/**
 * Opens the database, runs the command, closes it. When a running server owns the PGlite
 * directory, the command's statements run inside that server (src/db/control.ts): two processes
 * never write one directory.
 */
async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dataDir(), viaServer: true });
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
units.addCommand(
  sub(
    'locations',
    'Nhập vị trí trụ sở UBND các đơn vị từ CSV/.xlsx (cột ma_don_vi, vi_do, kinh_do, tùy chọn nguon); có dòng lỗi thì không lưu gì',
    'Import unit office locations from CSV/.xlsx (ma_don_vi, vi_do, kinh_do, optional nguon); any bad row stores nothing',
  )
    .argument('<file>', t('tệp .csv hoặc .xlsx', '.csv or .xlsx file'))
    .option(
      '--source <text>',
      t(
        'nguồn của tọa độ cho các dòng không có cột nguon (mặc định: tên tệp)',
        'source for rows without nguon (default: the file name)',
      ),
    )
    .action(async (file: string, o: { source?: string }) =>
      withDb(async (db) => {
        const { basename } = await import('node:path');
        const { readFileBytes } = await import('../files/tabular.ts');
        const { importUnitLocations } = await import('../units/locations.ts');
        const content = await readFileBytes(file);
        const r = await importUnitLocations(db, {
          actor: actor(),
          fileName: basename(file),
          content,
          source: o.source,
        });
        console.log(
          t(
            `Đã nhập ${r.file}: ${r.rows} đơn vị — thay đổi ${r.changed}, không đổi ${r.unchanged}.`,
            `Imported ${r.file}: ${r.rows} units — changed ${r.changed}, unchanged ${r.unchanged}.`,
          ),
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
frameworks.addCommand(
  sub(
    'import-annex',
    'Đọc bảng phụ lục của quyết định (tệp Word .docx) thành bản nháp bộ tiêu chí (chưa ban hành); liệt kê các ô chưa đọc được',
    "Read a decision's annex table (Word .docx) into a framework draft (not published); lists the cells not read",
  )
    .argument('<file>', t('tệp .docx', '.docx file'))
    .requiredOption('--id <id>', t('mã bộ tiêu chí (a-z, 0-9, -)', 'framework id (a-z, 0-9, -)'))
    .requiredOption('--name <name>', t('tên bộ tiêu chí', 'framework name'))
    .requiredOption(
      '--applies-to <kinds>',
      t('loại đơn vị, cách nhau dấu phẩy (commune, ward, district…)', 'unit kinds, comma-separated'),
    )
    .requiredOption('--valid-from <date>', t('hiệu lực từ (yyyy-mm-dd hoặc dd/mm/yyyy)', 'valid from'))
    .requiredOption('--valid-to <date>', t('hiệu lực đến (yyyy-mm-dd hoặc dd/mm/yyyy)', 'valid to'))
    .option(
      '--decision <number>',
      t(
        'số hiệu quyết định nếu tệp không ghi (ví dụ 51/2025/QĐ-TTg)',
        'decision number if the file lacks it',
      ),
    )
    .option(
      '--map <code=measure>',
      t(
        'dùng số liệu đã có cho một chỉ tiêu (lặp lại được)',
        'use an existing measure for an indicator (repeatable)',
      ),
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--format <format>', t('table (mặc định) hoặc json', 'table (default) or json'), 'table')
    .action(
      async (
        file: string,
        o: {
          id: string;
          name: string;
          appliesTo: string;
          validFrom: string;
          validTo: string;
          decision?: string;
          map: string[];
          format: string;
        },
      ) =>
        withDb(async (db) => {
          const { readFile } = await import('node:fs/promises');
          const { basename } = await import('node:path');
          const { importAnnex } = await import('../frameworks/annex/import.ts');
          const measures: Record<string, string> = {};
          for (const m of o.map) {
            const [code, measure] = m.split('=');
            if (!code || !measure)
              throw new AppError(
                'INVALID_REQUEST',
                t(`--map "${m}": ghi dạng MÃ_CHỈ_TIÊU=mã_số_liệu`, `--map "${m}": use CODE=measure`),
              );
            measures[code.trim()] = measure.trim();
          }
          const r = await importAnnex(db, {
            fileName: basename(file),
            content: await readFile(file),
            id: o.id,
            name: o.name,
            appliesTo: o.appliesTo.split(/[,\s]+/).filter(Boolean),
            validFrom: o.validFrom,
            validTo: o.validTo,
            decision: o.decision,
            measures,
            actor: actor(),
          });
          if (r.errors.length > 0) {
            for (const e of r.errors) console.error(`${e.path}: ${render(e.message, lang)}`);
            throw new AppError(
              'INVALID_FRAMEWORK',
              t(
                `Tệp ${file}: ${r.errors.length} lỗi, chưa lưu bản nháp.`,
                `${file}: ${r.errors.length} problems, no draft stored.`,
              ),
            );
          }
          if (o.format === 'json') {
            const { draft, criteria, indicators, rules, unparsed } = r;
            console.log(JSON.stringify({ draft, criteria, indicators, rules, unparsed }, null, 2));
            return;
          }
          console.log(
            t(
              `Đã lưu bản nháp ${r.draft!.id} phiên bản ${r.draft!.version} (chưa ban hành): ${r.criteria} tiêu chí, ${r.indicators} chỉ tiêu, ${r.rules} ngưỡng đọc được.`,
              `Draft ${r.draft!.id} version ${r.draft!.version} stored (not published): ${r.criteria} criteria, ${r.indicators} indicators, ${r.rules} thresholds read.`,
            ),
          );
          if (r.unparsed.length > 0) {
            console.log(
              t(
                `\n${r.unparsed.length} ô chưa đọc được (chưa có ngưỡng):`,
                `\n${r.unparsed.length} cells not read (rule_missing):`,
              ),
            );
            console.log(
              formatTable(
                [t('Chỉ tiêu', 'Indicator'), t('Cột', 'Column'), t('Ô trong phụ lục', 'Annex cell')],
                r.unparsed.map((u) => [u.code, u.column, u.cell || t('(trống)', '(empty)')]),
              ),
            );
          }
          for (const w of r.warnings) console.log(`⚠ ${render(w, lang)}`);
          console.log(
            t(
              `\nRà soát và sửa trên trang Bộ tiêu chí, rồi ban hành: tieuchi frameworks publish ${r.draft!.id}`,
              `\nReview and correct on the Frameworks page, then publish: tieuchi frameworks publish ${r.draft!.id}`,
            ),
          );
        }),
    ),
);
frameworks.addCommand(
  sub('publish', 'Ban hành bản nháp của một bộ tiêu chí', "Publish a framework's draft")
    .argument('<id>', t('mã bộ tiêu chí', 'framework id'))
    .option(
      '--version <n>',
      t('phiên bản (mặc định: bản nháp đang chờ)', 'version (default: the pending draft)'),
      (v) => Number.parseInt(v, 10),
    )
    .action(async (id: string, o: { version?: number }) =>
      withDb(async (db) => {
        const { publishDraft } = await import('../frameworks/drafts.ts');
        const { listVersions } = await import('../frameworks/store.ts');
        const version = o.version ?? (await listVersions(db, id)).find((v) => v.status === 'draft')?.version;
        if (version === undefined || Number.isNaN(version))
          throw new AppError(
            'FRAMEWORK_NOT_FOUND',
            t(
              `Bộ tiêu chí ${id} không có bản nháp nào đang chờ ban hành.`,
              `Framework ${id} has no pending draft.`,
            ),
          );
        const fw = await publishDraft(db, { id, version, actor: actor() });
        console.log(
          t(
            `Đã ban hành ${fw.id} phiên bản ${fw.version}: từ nay kết quả đánh giá dùng phiên bản này.`,
            `Published ${fw.id} version ${fw.version}: evaluations now use it.`,
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
          actor: actor(),
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

// ── what-if ──────────────────────────────────────────────────────────────
program.addCommand(whatIfCommand({ sub, withDb, actor }));

// ── users ────────────────────────────────────────────────────────────────
program.addCommand(usersCommand({ sub, withDb, actor }));

// ── data quality ─────────────────────────────────────────────────────────
program.addCommand(qualityCommand({ sub, withDb, actor }));

// ── recognitions made before TieuChi ─────────────────────────────────────
program.addCommand(recognitionsCommand({ sub, withDb, actor }));

// ── demo & serve ─────────────────────────────────────────────────────────
program.addCommand(
  sub(
    'demo',
    'Nạp dữ liệu mẫu: đơn vị hành chính Hà Nội (trước và sau 01/07/2025), các bộ tiêu chí, số liệu minh họa (đánh dấu demo)',
    'Load the demo: Hanoi units (before and after 1 July 2025), the frameworks, demo figures (marked demo)',
  ).action(async () =>
    withDb(async (db) => {
      const r = await loadDemo(db, { actor: actor(), files: evidenceStore(), log: (m) => console.log(m) });
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
      const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dataDir() });
      if (o.demo) {
        const empty = (await db.query('SELECT 1 FROM units LIMIT 1')).length === 0;
        if (empty) {
          await loadDemo(db, {
            actor: systemActorNamed('demo'),
            files: evidenceStore(),
            log: (m) => console.log(m),
          });
          printDemoAccounts(await createDemoAccounts(db));
        }
      }
      const server = await startServer(db, { port: o.port, host: o.host, files: evidenceStore() });
      const url = `http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${server.port}`;
      // Commands run beside the server reach its database through the control socket.
      const held = heldDataDir(db);
      const control = held ? await serveControl(db, held.dir, { afterWrite: dropCaches }) : null;
      if (held && control) held.lock.announce({ socket: control.path, url });
      let jobs: Promise<import('../jobs/queue.ts').Jobs | null> | null = null;
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close();
        await (await jobs)?.stop();
        await control?.close();
        await db.close();
        process.exit(0);
      };
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
      console.log(t(`TieuChi đang chạy tại ${url}`, `TieuChi is running at ${url}`));
      // Reminders, monthly reports and e-mail (src/jobs), started once the server answers;
      // TIEUCHI_JOBS=off leaves them to another instance.
      if (process.env.TIEUCHI_JOBS !== 'off') {
        const { startJobs } = await import('../jobs/queue.ts');
        const { mailerFromEnv } = await import('../mail/mailer.ts');
        jobs = startJobs(db, { mailer: mailerFromEnv() }).catch((err: unknown) => {
          console.error(t('Không khởi động được hàng đợi công việc:', 'the job queue did not start:'), err);
          return null;
        });
      }
    }),
);

// ── backup & restore ─────────────────────────────────────────────────────
program.addCommand(
  sub(
    'backup',
    'Sao lưu cơ sở dữ liệu và mọi tệp minh chứng vào một thư mục mới (chạy được khi máy chủ đang chạy)',
    'Back up the database and every evidence file into a new directory (works while the server runs)',
  )
    .argument('<dir>', t('thư mục mới hoặc trống', 'a new or empty directory'))
    .action(async (dir: string) =>
      withDb(async (db) => {
        const r = await createBackup(db, {
          dir,
          files: evidenceStore(),
          databaseUrl: process.env.DATABASE_URL,
        });
        const tables = Object.values(r.manifest.database.tables);
        console.log(
          t(
            `Đã sao lưu vào ${dir}: ${tables.length} bảng, ${tables.reduce((n, x) => n + x.rows, 0)} dòng, ${r.manifest.evidence.count} tệp minh chứng. Danh mục và mã kiểm tra: ${dir}/manifest.json`,
            `Backed up to ${dir}: ${tables.length} tables, ${tables.reduce((n, x) => n + x.rows, 0)} rows, ${r.manifest.evidence.count} evidence files. Manifest and checksums: ${dir}/manifest.json`,
          ),
        );
      }),
    ),
);
program.addCommand(
  sub(
    'restore',
    'Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (thư mục --data mới, hoặc DATABASE_URL trống), kiểm tra mọi mã kiểm tra',
    'Restore a backup into an empty database (a new --data directory, or an empty DATABASE_URL), checking every checksum',
  )
    .argument('<dir>', t('thư mục bản sao lưu', 'backup directory'))
    .action(async (dir: string) => {
      const r = await restoreBackup({
        dir,
        databaseUrl: process.env.DATABASE_URL,
        dataDir: dataDir(),
        files: evidenceStore(),
      });
      console.log(
        t(
          `Đã khôi phục ${r.tables} bảng (${r.rows} dòng) và ${r.evidence} tệp minh chứng; mọi mã kiểm tra đều khớp.`,
          `Restored ${r.tables} tables (${r.rows} rows) and ${r.evidence} evidence files; every checksum matches.`,
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
