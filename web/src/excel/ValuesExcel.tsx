import { type FormEvent, useRef, useState } from 'react';
import { type ApiError, apiUrl, postForm, postJson } from '../api/client.ts';
import { invalidatePaths } from '../api/query.ts';
import type { ImportReport } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox, IssueList, Notice } from '../ui/Feedback.tsx';
import { FilePicker } from '../ui/FilePicker.tsx';
import { ChangesPreview } from './ChangesPreview.tsx';

type Step =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'checked'; report: ImportReport }
  | { step: 'saving'; report: ImportReport }
  | { step: 'saved'; changed: number }
  | { step: 'failed'; error: ApiError; report?: ImportReport };

/**
 * The Excel round trip for figures: download the pre-filled template, upload it back, see each
 * bad row (line and reason), confirm to save. Also the scorecard export.
 */
export function ValuesExcel({
  framework,
  period,
  unit,
  unitName,
  canImport,
}: {
  framework: string;
  period: string;
  unit: string;
  unitName: string;
  /** The caller may write figures here (value.write): otherwise only the downloads show. */
  canImport: boolean;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<Step>({ step: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);
  const query = { framework, period, unit };

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    const form = new FormData();
    form.set('file', file);
    form.set('kind', 'values');
    form.set('framework', framework);
    form.set('period', period);
    setState({ step: 'checking' });
    try {
      const r = await postForm<{ import: ImportReport }>('/imports', form);
      setState({ step: 'checked', report: r.import });
    } catch (err) {
      setState({ step: 'failed', error: err as ApiError });
    }
  };

  const commit = async (report: ImportReport) => {
    setState({ step: 'saving', report });
    try {
      const r = await postJson<{ changed?: number }>(`/imports/${encodeURIComponent(report.id)}/commit`, {});
      setState({ step: 'saved', changed: r.changed ?? report.preview?.changed ?? 0 });
      if (fileRef.current) fileRef.current.value = '';
      // The figures changed: every result, dossier and home page that shows them.
      await invalidatePaths('/values', '/evaluations', '/dossiers', '/home');
    } catch (err) {
      setState({ step: 'failed', error: err as ApiError, report });
    }
  };

  const reset = () => {
    setState({ step: 'idle' });
    if (fileRef.current) fileRef.current.value = '';
  };

  const report = 'report' in state ? state.report : undefined;
  return (
    <section className="card" aria-labelledby="excel-title">
      <h2 id="excel-title">{t('excelTitle')}</h2>
      <p className="muted">{t('excelTemplateHelp', { name: unitName })}</p>
      <div className="actions">
        <a className="btn" href={apiUrl('/exports/values-template.xlsx', query)} download>
          <span aria-hidden="true">⬇ </span>
          {t('excelTemplate')}
        </a>
        <a className="btn" href={apiUrl('/exports/scorecard.xlsx', query)} download>
          <span aria-hidden="true">⬇ </span>
          {t('excelExport')}
        </a>
      </div>
      {canImport && (
        <>
          <form className="upload" onSubmit={check}>
            <FilePicker
              label={t('excelUpload')}
              help={t('excelChooseFile')}
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              inputRef={fileRef}
              onChange={() => state.step !== 'checking' && setState({ step: 'idle' })}
            />
            <button
              type="submit"
              className="btn btn-primary"
              disabled={state.step === 'checking' || state.step === 'saving'}
            >
              {state.step === 'checking' ? t('excelChecking') : t('excelCheck')}
            </button>
          </form>
          <div aria-live="polite">
            {report && !report.valid && (
              <div className="alert alert-error" role="alert">
                <p className="alert-title">{t('excelIssues', { n: countLines(report) })}</p>
                <IssueList issues={report.issues} />
                {report.issue_count !== undefined && report.issue_count > report.issues.length && (
                  <p>{t('issuesShown', { shown: report.issues.length, total: report.issue_count })}</p>
                )}
              </div>
            )}
            {report?.valid && state.step !== 'failed' && (
              <Notice kind="info">
                <p>
                  {t('excelValid', {
                    rows: report.rows,
                    changed: report.preview?.changed ?? 0,
                    unchanged: report.preview?.unchanged ?? 0,
                  })}
                </p>
                {(report.preview?.changed ?? 0) > 0 && <ChangesPreview importId={Number(report.id)} />}
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => commit(report)}
                    disabled={state.step === 'saving'}
                  >
                    {state.step === 'saving' ? t('excelSaving') : t('excelConfirm')}
                  </button>
                  <button type="button" className="btn" onClick={reset} disabled={state.step === 'saving'}>
                    {t('excelCancel')}
                  </button>
                </div>
              </Notice>
            )}
            {state.step === 'saved' && (
              <Notice kind="success">{t('excelSaved', { changed: state.changed })}</Notice>
            )}
            {state.step === 'failed' && <ErrorBox error={state.error} />}
          </div>
        </>
      )}
    </section>
  );
}

function countLines(r: ImportReport): number {
  const lines = new Set(r.issues.map((i) => i.line ?? -1));
  return lines.size;
}
