/** `tieuchi what-if`: hypothetical figures for a unit and the statuses they would change (nothing stored). */
import { type Command, Option } from 'commander';
import { statusLabels } from '../engine/status.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { evaluateWhatIf, type WhatIfSetting } from '../whatif/what-if.ts';
import { lang, t } from './lang.ts';
import { formatTable } from './table.ts';
import type { CliContext } from './users.ts';

/** `MEASURE=VALUE` (the value may itself contain "="), collected over repeated --set. */
function collectSetting(raw: string, list: WhatIfSetting[]): WhatIfSetting[] {
  const i = raw.indexOf('=');
  if (i <= 0)
    throw new AppError(
      'INVALID_REQUEST',
      text(
        `--set "${raw}": viết MÃ_SỐ_LIỆU=GIÁ_TRỊ, ví dụ road_hardened_pct=92,5`,
        `--set "${raw}": write MEASURE=VALUE, e.g. road_hardened_pct=92.5`,
      ),
    );
  return [...list, { measure: raw.slice(0, i).trim(), value: raw.slice(i + 1) }];
}

const label = (s: keyof typeof statusLabels) => statusLabels[s][lang];

export function whatIfCommand({ sub, withDb, actor }: CliContext): Command {
  return sub(
    'what-if',
    'Giả định số liệu của một đơn vị và xem kết quả nào (của đơn vị và các cấp trên) sẽ thay đổi; không lưu gì',
    "Try hypothetical figures for a unit and see which results (its own and its parents') would change; stores nothing",
  )
    .requiredOption('--period <p>', t('kỳ: 2024, 2024Q3, 2024-07', 'period: 2024, 2024Q3, 2024-07'))
    .requiredOption('--unit <code>', t('mã đơn vị', 'unit code'))
    .option(
      '--set <measure=value>',
      t('số liệu giả định, lặp lại được (ví dụ plan_approved=có)', 'hypothetical figure, repeatable'),
      collectSetting,
      [],
    )
    .addOption(
      new Option('--format <f>', t('định dạng', 'format')).choices(['table', 'json']).default('table'),
    )
    .action(async (o: { period: string; unit: string; set: WhatIfSetting[]; format: 'table' | 'json' }) =>
      withDb(async (db) => {
        const r = await evaluateWhatIf(db, {
          period: o.period,
          unitCode: o.unit,
          set: o.set,
          actor: actor(),
        });
        if (o.format === 'json') {
          console.log(JSON.stringify(r, null, 2));
          return;
        }
        console.log(
          t(
            `Giả định cho ${r.unit.name} (${r.unit.code}), kỳ ${r.period} — không lưu gì.`,
            `What-if for ${r.unit.name} (${r.unit.code}), period ${r.period} — nothing stored.`,
          ),
        );
        if (r.changes.length === 0) {
          console.log(t('Không kết quả bộ tiêu chí nào thay đổi.', 'No framework result changes.'));
        } else {
          console.log(
            formatTable(
              [t('Đơn vị', 'Unit'), t('Bộ tiêu chí', 'Framework'), t('Trước', 'Before'), t('Sau', 'After')],
              r.changes.map((c) => [
                `${c.unit_name} (${c.unit})`,
                c.framework_name,
                label(c.before),
                label(c.after),
              ]),
            ),
          );
        }
        if (r.indicators.length > 0) {
          console.log(`\n${t('Chỉ tiêu thay đổi', 'Indicators that change')}:`);
          console.log(
            formatTable(
              [t('Đơn vị', 'Unit'), t('Chỉ tiêu', 'Indicator'), t('Trước', 'Before'), t('Sau', 'After')],
              r.indicators.map((c) => [c.unit, `${c.code} ${c.name}`, label(c.before), label(c.after)]),
            ),
          );
        }
      }),
    );
}
