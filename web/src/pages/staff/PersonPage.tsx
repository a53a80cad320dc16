import { type FormEvent, useState } from 'react';
import { apiUrl } from '../../api/client.ts';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../router.tsx';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { asApiError, bandName, type PersonPeriod, type Task, useStaffRead, useStaffWrite } from './api.ts';
import { PeriodPicker, staffPath } from './common.tsx';

const viDate = (iso: string | null) => formatDate(iso) || '—';

/** One person's period: result, explanation line by line, tasks, and the workflow steps the caller may take. */
export function PersonPage({ personId, period }: { personId: number; period: string }) {
  const { t, lang } = useI18n();
  const base = `/staff/people/${personId}/evaluations/${period}`;
  const { data, error, refetch } = useStaffRead<PersonPeriod>(base);
  const write = useStaffWrite();
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (path: string, body: unknown, done?: string) => {
    setNotice(null);
    try {
      await write.mutateAsync({ path, body });
      setNotice(done ?? null);
    } catch {
      // shown from write.error
    }
  };
  if (error) return <ErrorBox error={asApiError(error)} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const { person, frame, score, evaluation, abilities, state } = data;
  const manual = frame.components.filter((c) => c.kind === 'manual');
  return (
    <>
      <Breadcrumbs items={[{ label: t('navStaff'), to: '/danh-gia-can-bo' }, { label: person.full_name }]} />
      <h1 className="page-title">
        {person.full_name} — {formatPeriod(period, lang)}
      </h1>
      <p className="muted">
        {person.position_name}, {person.org_unit_name} · {t('staffFrame')}: {frame.name}
      </p>
      <PeriodPicker
        period={period}
        onChange={(p) => navigate(staffPath('cua-toi', { nguoi: String(personId), ky: p }))}
      />
      {write.error && <ErrorBox error={asApiError(write.error)} />}
      {notice && (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      )}

      <section className="card" aria-labelledby="result-title">
        <h2 id="result-title">{t('staffBand')}</h2>
        <p className="summary-figure">
          <strong data-testid="band">{bandName(frame, data.band)}</strong>
          {score.total !== null && (
            <span>
              {' '}
              · {t('staffTotal')}: <strong data-testid="total">{score.total.toLocaleString('vi-VN')}</strong>/
              {frame.total_max}
            </span>
          )}
        </p>
        <p>
          {t('staffState')}: <span className="tag">{t(`state_${state}` as 'state_draft')}</span>
          {data.score_source === 'self' && <span className="muted"> {t('staffSourceSelf')}</span>}
        </p>
        {data.quota.reason && (
          <p className="alert alert-info" data-testid="quota-reason">
            <strong>{t('staffQuotaReason')}:</strong> {data.quota.reason}
          </p>
        )}
        {evaluation?.manager_reason && (
          <p>
            {t('staffReview')} — {t('staffReason')}: {evaluation.manager_reason}
          </p>
        )}
        {evaluation?.head_reason && (
          <p>
            Thủ trưởng — {t('staffReason')}: {evaluation.head_reason}
          </p>
        )}
        <p>
          <a className="btn btn-small" href={apiUrl(`${base}/form.docx`)}>
            {t('staffExportDocx')}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="expl-title">
        <h2 id="expl-title">{t('staffExplanation')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffComponent')}</th>
                <th scope="col">{t('staffScore')}</th>
              </tr>
            </thead>
            <tbody>
              {score.components.map((c) => (
                <tr key={c.key}>
                  <td>{c.name}</td>
                  <td className="nowrap">
                    {c.points === null ? t('staffPending') : c.points.toLocaleString('vi-VN')} / {c.max}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ol className="plain-list" data-testid="explanation">
          {score.lines.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <li key={i}>{l.text}</li>
          ))}
        </ol>
        {frame.unverified.length > 0 && (
          <details>
            <summary>{t('staffUnverified')}</summary>
            <ul>
              {frame.unverified.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="card" aria-labelledby="tasks-title">
        <h2 id="tasks-title">{t('staffTasks')}</h2>
        <div className="table-wrap">
          <table className="table-min-48">
            <thead>
              <tr>
                <th scope="col">{t('staffDoc')}</th>
                <th scope="col">{t('staffTaskTitle')}</th>
                <th scope="col">{t('staffRole')}</th>
                <th scope="col">{t('staffConverted')}</th>
                <th scope="col">{t('staffDeadline')}</th>
                <th scope="col">{t('staffDone')}</th>
                <th scope="col">{t('staffQuality')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((task) => (
                <TaskRow key={task.id} task={task} run={run} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {abilities.self_assess && (
        <ManualForm
          title={t('staffSelfAssess')}
          components={manual}
          initial={evaluation?.self_manual ?? {}}
          noteLabel={t('staffSelfNote')}
          onSubmit={(m, note) => run(`${base}/self`, { manual: m, note })}
        />
      )}
      {abilities.review && (
        <ManualForm
          title={t('staffReview')}
          components={manual}
          initial={evaluation?.manager_manual ?? evaluation?.self_manual ?? {}}
          noteLabel={t('staffReason')}
          noteHelp={t('staffReasonHelp')}
          disqualifying={frame.disqualifying}
          onSubmit={(m, note, disq) =>
            run(`${base}/review`, { manual: m, reason: note || null, disqualifying: disq })
          }
        />
      )}
      {abilities.comment && (
        <CommentForm
          initial={evaluation?.person_comment ?? ''}
          onSubmit={(text) => run(`${base}/comment`, { text }, t('staffCommentSaved'))}
        />
      )}
    </>
  );
}

function TaskRow({ task, run }: { task: Task; run: (p: string, b: unknown) => Promise<void> }) {
  const { t } = useI18n();
  const [done, setDone] = useState(task.deadline);
  const [ext, setExt] = useState({ date: '', reason: '' });
  const [errors, setErrors] = useState(String(task.major_errors));
  const label = task.doc_number ?? `#${task.id}`;
  const late = task.completed_on !== null && task.completed_on > task.deadline;
  return (
    <tr>
      <td className="nowrap">{task.doc_number ?? '—'}</td>
      <td>{task.title}</td>
      <td>{task.role === 'lead' ? t('staffLead') : t('staffCollab')}</td>
      <td>{(task.coefficient * task.quantity).toLocaleString('vi-VN')}</td>
      <td className="nowrap">
        {viDate(task.deadline)}
        {task.deadline !== task.original_deadline && (
          <div className="small muted">({viDate(task.original_deadline)})</div>
        )}
        {task.pending_extension && (
          <div className="small">
            {t('staffPendingExt', { d: viDate(task.pending_extension) })}
            {task.abilities.decide_extension && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() =>
                  run(`/staff/extensions/${task.pending_extension_id}/decision`, { approve: true })
                }
              >
                {t('staffApproveExt')}
              </button>
            )}
          </div>
        )}
      </td>
      <td>
        {task.completed_on ? (
          <span>
            {viDate(task.completed_on)} {late && <span className="tag tag-warn">chậm</span>}
          </span>
        ) : task.abilities.complete ? (
          <div className="controls">
            <label className="sr-only" htmlFor={`done-${task.id}`}>
              {t('staffDone')} {label}
            </label>
            <DateInput id={`done-${task.id}`} value={done} onValue={setDone} />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => run(`/staff/tasks/${task.id}/complete`, { completed_on: done, product: null })}
            >
              {t('staffMarkDone')}
            </button>
            {task.abilities.request_extension && (
              <details>
                <summary>{t('staffExtension')}</summary>
                <label>
                  {t('staffNewDeadline')}{' '}
                  <DateInput value={ext.date} onValue={(date) => setExt((prev) => ({ ...prev, date }))} />
                </label>
                <label>
                  {t('staffReason')}{' '}
                  <input
                    value={ext.reason}
                    onChange={(e) => {
                      const value = e.target.value;
                      setExt((prev) => ({ ...prev, reason: value }));
                    }}
                  />
                </label>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    run(`/staff/tasks/${task.id}/extensions`, { new_deadline: ext.date, reason: ext.reason })
                  }
                >
                  {t('staffSend')}
                </button>
              </details>
            )}
          </div>
        ) : (
          '—'
        )}
      </td>
      <td>
        {task.quality === 'dat'
          ? t('staffQualityOk')
          : task.quality === 'khong_dat'
            ? t('staffQualityBad')
            : t('staffNotRated')}
        {task.major_errors > 0 && <div className="small">{task.major_errors} sai sót lớn</div>}
        {task.abilities.rate && (
          <div className="controls">
            <label>
              {t('staffErrors')} ({label}){' '}
              <NumberInput value={errors} onValue={setErrors} className="input-4em" />
            </label>
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                run(`/staff/tasks/${task.id}/rating`, {
                  quality: 'dat',
                  major_errors: parseNumber(errors) ?? 0,
                })
              }
            >
              {t('staffQualityOk')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                run(`/staff/tasks/${task.id}/rating`, {
                  quality: 'khong_dat',
                  major_errors: parseNumber(errors) ?? 0,
                })
              }
            >
              {t('staffQualityBad')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

function ManualForm(props: {
  title: string;
  components: Array<{ key: string; name: string; max: number; criteria: string[] }>;
  initial: Record<string, number>;
  noteLabel: string;
  noteHelp?: string;
  disqualifying?: Array<{ code: string; name: string }>;
  onSubmit(manual: Record<string, number>, note: string, disqualifying: string[]): void;
}) {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(
      props.components.map((c) => [
        c.key,
        props.initial[c.key] === undefined ? '' : String(props.initial[c.key]),
      ]),
    ),
  );
  const [note, setNote] = useState('');
  const [disq, setDisq] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, number> = {};
    for (const [k, v] of Object.entries(values)) if (v.trim() !== '') m[k] = parseNumber(v) ?? Number.NaN;
    props.onSubmit(m, note, disq);
  };
  const id = props.title.replace(/\s+/g, '-');
  return (
    <form className="card" onSubmit={submit} aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.components.map((c) => (
        <div className="field" key={c.key}>
          <label className="field-label" htmlFor={`${id}-${c.key}`}>
            {c.name} (0–{c.max})
          </label>
          {c.criteria.length > 0 && (
            <ul className="small muted">
              {c.criteria.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          )}
          <NumberInput
            id={`${id}-${c.key}`}
            value={values[c.key] ?? ''}
            onValue={(value) => setValues((prev) => ({ ...prev, [c.key]: value }))}
          />
        </div>
      ))}
      {props.disqualifying && props.disqualifying.length > 0 && (
        <fieldset className="field">
          <legend className="field-label">Trường hợp không hoàn thành nhiệm vụ</legend>
          {props.disqualifying.map((d) => (
            <label key={d.code} className="check">
              <input
                type="checkbox"
                checked={disq.includes(d.code)}
                onChange={(e) =>
                  setDisq(e.target.checked ? [...disq, d.code] : disq.filter((x) => x !== d.code))
                }
              />{' '}
              {d.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field field-wide">
        <label className="field-label" htmlFor={`${id}-note`}>
          {props.noteLabel}
        </label>
        {props.noteHelp && <p className="field-help">{props.noteHelp}</p>}
        <textarea id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      </div>
      <button type="submit" className="btn btn-primary">
        {props.title}
      </button>
    </form>
  );
}

function CommentForm({ initial, onSubmit }: { initial: string; onSubmit(text: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text);
      }}
    >
      <div className="field field-wide">
        <label className="field-label" htmlFor="comment">
          {t('staffComment')}
        </label>
        <textarea id="comment" value={text} onChange={(e) => setText(e.target.value)} rows={2} />
      </div>
      <button type="submit" className="btn">
        {t('staffSend')}
      </button>
    </form>
  );
}
