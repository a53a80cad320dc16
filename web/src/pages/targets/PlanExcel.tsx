import { useRef, useState } from 'react';
import { postForm } from '../../api/client.ts';
import type { Schema } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { useTargetWrite } from './mutations.ts';

/** The plan as .xlsx: download it, and (for assigners and reporters) check or import a filled one. */
export function PlanExcel({ year, canImport }: { year: number; canImport: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<string | null>(null);
  // A check changes nothing; the reads are asked again after either (cheap, and one way).
  const upload = useTargetWrite(
    (v: { mode: 'check' | 'commit'; file: File }) => {
      const form = new FormData();
      form.append('mode', v.mode);
      form.append('file', v.file);
      return postForm<Schema<'TargetImportReport'>>(`/targets/${year}/import`, form);
    },
    (r, v) => {
      const p = { sheets: r.sheets, targets: r.targets.changed, actuals: r.actuals.changed };
      setReport(v.mode === 'check' ? t('tgImportReport', p) : t('tgImported', p));
    },
  );
  const send = (mode: 'check' | 'commit') => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setReport(null);
    upload.mutate({ mode, file });
  };
  return (
    <section className="card" aria-labelledby="tg-excel">
      <h2 id="tg-excel">.xlsx</h2>
      <p>
        <a className="btn" href={`/api/targets/${year}/export.xlsx`} download>
          {t('tgExport')}
        </a>
      </p>
      {canImport && (
        <div className="upload">
          <FilePicker label={t('tgImport')} help={t('tgImportHelp')} accept=".xlsx" inputRef={input} />
          <p className="actions">
            <button type="button" className="btn" onClick={() => send('check')}>
              {t('tgCheckFile')}
            </button>{' '}
            <button type="button" className="btn btn-primary" onClick={() => send('commit')}>
              {t('tgCommitFile')}
            </button>
          </p>
          {report && <Notice kind="success">{report}</Notice>}
          {upload.error && <ErrorBox error={upload.error} />}
        </div>
      )}
    </section>
  );
}
