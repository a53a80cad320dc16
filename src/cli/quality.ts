/** `tieuchi quality`: the data-quality warnings of a period, as a table or as JSON. */
import { Option } from 'commander';
import { listQualityIssues } from '../quality/issues.ts';
import { qualityKindNames } from '../quality/rules.ts';
import { render } from '../text.ts';
import { lang, t } from './lang.ts';
import { formatTable } from './table.ts';
import type { CliContext } from './users.ts';

export function qualityCommand({ sub, withDb, actor }: CliContext) {
  return sub(
    'quality',
    'Cảnh báo chất lượng số liệu chưa giải trình của một kỳ (thay đổi bất thường, khác biệt với đơn vị cùng cấp, không nhất quán)',
    'Open data-quality warnings of a period (unusual changes, outliers among siblings, inconsistent figures)',
  )
    .requiredOption('--period <p>', t('kỳ: 2024, 2024Q3, 2024-07', 'period: 2024, 2024Q3, 2024-07'))
    .option(
      '--unit <code>',
      t(
        'mã đơn vị: đơn vị đó và cấp dưới (mặc định: mọi đơn vị)',
        'unit code: it and the units below (default: every unit)',
      ),
    )
    .addOption(
      new Option('--format <f>', t('định dạng', 'format')).choices(['table', 'json']).default('table'),
    )
    .action(async (o: { period: string; unit?: string; format: 'table' | 'json' }) =>
      withDb(async (db) => {
        const report = await listQualityIssues(db, {
          actor: actor(),
          period: o.period,
          unitCode: o.unit,
        });
        const issues = report.issues.map((i) => ({
          unit: i.unit,
          indicator: i.indicator,
          measure: i.measure,
          period: i.period,
          kind: i.kind,
          message: render(i.message, lang),
        }));
        if (o.format === 'json') {
          console.log(JSON.stringify({ issues }, null, 2));
          return;
        }
        if (issues.length === 0) {
          console.log(
            t(
              `Không có cảnh báo nào chưa giải trình trong kỳ ${report.period}.`,
              `No open warnings in ${report.period}.`,
            ),
          );
          return;
        }
        const k = lang === 'en' ? 1 : 0;
        console.log(
          formatTable(
            [t('Đơn vị', 'Unit'), t('Chỉ tiêu', 'Indicator'), t('Loại', 'Kind'), t('Nội dung', 'Message')],
            report.issues.map((i, n) => [
              `${i.unit} ${i.unit_name}`,
              i.indicator,
              qualityKindNames[i.kind][k],
              issues[n]!.message,
            ]),
          ),
        );
        console.log(t(`\n${issues.length} cảnh báo chưa giải trình.`, `\n${issues.length} open warning(s).`));
      }),
    );
}
