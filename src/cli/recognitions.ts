/**
 * `tieuchi recognitions`: the register of recognitions made before TieuChi (quyết định công nhận
 * đã có): import a CSV/.xlsx (checked first with --check; any bad row records nothing) and list
 * the register, as the page /quyet-dinh-cong-nhan-truoc does.
 */
import { basename } from 'node:path';
import { readFileBytes } from '../files/tabular.ts';
import { readUpload } from '../imports/read-upload.ts';
import { listPastRecognitions } from '../past-recognitions/read.ts';
import { importPastRecognitions } from '../past-recognitions/record.ts';
import { authorityNames, type PastRecognitionJson, titleNames } from '../past-recognitions/schemas.ts';
import { pastRecognitionRows } from '../past-recognitions/table.ts';
import { viDate } from '../text.ts';
import { lang, t } from './lang.ts';
import { formatTable } from './table.ts';
import type { CliContext } from './users.ts';

const words = (pair: [string, string]) => (lang === 'en' ? pair[1] : pair[0]);

/** The register as a table: unit, title, year, decision, who signed. */
function registerTable(list: PastRecognitionJson[]): string {
  return formatTable(
    [
      t('Đơn vị', 'Unit'),
      t('Danh hiệu', 'Title'),
      t('Năm', 'Year'),
      t('Quyết định', 'Decision'),
      t('Cấp ký', 'Signed by'),
    ],
    list.map((r) => [
      `${r.unit.name} (${r.unit.code})`,
      words(titleNames[r.title]),
      r.year === null ? '' : String(r.year),
      [r.decision_no, r.decision_date ? viDate(r.decision_date) : null]
        .filter(Boolean)
        .join(t(' ngày ', ' of ')),
      r.authority ? words(authorityNames[r.authority]) : '',
    ]),
  );
}

export function recognitionsCommand({ sub, withDb, actor }: CliContext) {
  const cmd = sub(
    'recognitions',
    'Quyết định công nhận đã có trước TieuChi (sổ quyết định)',
    'Recognitions made before TieuChi (the register)',
  );
  cmd.addHelpCommand(false);
  cmd.addCommand(
    sub(
      'import',
      'Nhập quyết định công nhận từ CSV/.xlsx (như trang Quyết định công nhận đã có); có dòng lỗi thì không ghi gì',
      'Import recognitions from CSV/.xlsx (as the page does); any bad row records nothing',
    )
      .argument('<file>', t('tệp .csv hoặc .xlsx', '.csv or .xlsx file'))
      .option('--check', t('chỉ kiểm tra, không ghi', 'check only, record nothing'))
      .action(async (file: string, o: { check?: boolean }) =>
        withDb(async (db) => {
          const content = await readFileBytes(file);
          const table = await readUpload(basename(file), content);
          const r = await importPastRecognitions(db, {
            actor: actor(),
            file: basename(file),
            rows: pastRecognitionRows(table),
            commit: !o.check,
          });
          console.log(
            r.committed
              ? t(
                  `Đã ghi ${r.recognitions.length} quyết định từ ${basename(file)} (${r.rows} dòng).`,
                  `Recorded ${r.recognitions.length} decisions from ${basename(file)} (${r.rows} rows).`,
                )
              : t(
                  `Tệp ${basename(file)} hợp lệ: ${r.rows} quyết định sẽ được ghi (chưa ghi gì).`,
                  `${basename(file)} is valid: ${r.rows} decisions would be recorded (nothing recorded).`,
                ),
          );
          if (r.recognitions.length > 0) console.log(`\n${registerTable(r.recognitions)}`);
        }),
      ),
  );
  cmd.addCommand(
    sub('list', 'Xem sổ quyết định công nhận đã có', 'List the register')
      .option('--unit <code>', t('chỉ quyết định của đơn vị này', "only this unit's decisions"))
      .action(async (o: { unit?: string }) =>
        withDb(async (db) => {
          const list = await listPastRecognitions(db, { actor: actor(), unitCode: o.unit });
          console.log(
            list.length === 0 ? t('Chưa có quyết định nào.', 'No decisions yet.') : registerTable(list),
          );
        }),
      ),
  );
  return cmd;
}
