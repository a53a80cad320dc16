import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { apiUrl } from '../../api/client.ts';
import { formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, IssueList, Loading } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { TextField } from '../../ui/TextField.tsx';
import {
  asApiError,
  bandName,
  type Catalogue,
  type FrameSummary,
  type TeamPeriod,
  type TeamRow,
  useOrg,
  useStaffRead,
  useStaffWrite,
} from './api.ts';
import { PeriodPicker, staffPath } from './common.tsx';

/** The task import's columns and their headers (src/staff/import.ts `taskColumns` key and label), in the file's order. */
const importColumns = [
  ['so_van_ban', 'Số văn bản'],
  ['trich_yeu', 'Trích yếu'],
  ['nguoi_thuc_hien', 'Người thực hiện'],
  ['vai_tro', 'Vai trò'],
  ['han_xu_ly', 'Hạn xử lý'],
] as const;

/** A node's people for a period: scores, bands before/after the quota, batch approval, assigning and importing tasks. */
export function TeamPage({ unit, period }: { unit: string; period: string }) {
  const { t, lang } = useI18n();
  const path = `/staff/units/${encodeURIComponent(unit)}/evaluations/${period}`;
  const { data, error, refetch } = useStaffRead<TeamPeriod>(path);
  const org = useOrg();
  const write = useStaffWrite();
  const [selected, setSelected] = useState<number[]>([]);
  const [actionError, setActionError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  if (error) return <ErrorBox error={asApiError(error)} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const { frame, rows } = data;
  const approvable = rows.filter((r) => r.abilities.approve);
  const assignable = rows.filter((r) => r.abilities.assign_tasks);
  const approveSelected = async () => {
    try {
      const r = (await write.mutateAsync({ path: `${path}/approve`, body: { person_ids: selected } })) as {
        approved: unknown[];
      };
      setNotice(t('staffApproved', { n: r.approved.length }));
      setActionError(undefined);
      setSelected([]);
    } catch (err) {
      setActionError(asApiError(err));
    }
  };
  return (
    <>
      <Breadcrumbs items={[{ label: t('navStaff'), to: '/danh-gia-can-bo' }, { label: t('staffTeam') }]} />
      <h1 className="page-title">
        {t('staffTeam')} — {org.nameOf(unit)} — {formatPeriod(period, lang)}
      </h1>
      <p className="muted">
        {t('staffFrame')}: {frame.name}
      </p>
      <PeriodPicker
        period={period}
        onChange={(p) => navigate(staffPath('nhom', { 'don-vi': unit, ky: p }))}
      />
      {actionError && <ErrorBox error={actionError} />}
      {notice && (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      )}
      <section className="card">
        <div className="table-wrap">
          <table className="table-min-52">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">✓</span>
                </th>
                <th scope="col">{t('staffAssignee')}</th>
                <th scope="col">{t('staffState')}</th>
                {frame.components.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.name} ({c.max})
                  </th>
                ))}
                <th scope="col">{t('staffTotal')}</th>
                <th scope="col">{t('staffBandByScore')}</th>
                <th scope="col">{t('staffBandFinal')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.person.id}>
                  <td>
                    {approvable.includes(r) && (
                      <input
                        type="checkbox"
                        aria-label={t('staffSelect', { name: r.person.full_name })}
                        checked={selected.includes(r.person.id)}
                        onChange={(e) =>
                          setSelected(
                            e.target.checked
                              ? [...selected, r.person.id]
                              : selected.filter((x) => x !== r.person.id),
                          )
                        }
                      />
                    )}
                  </td>
                  <td>
                    <Link to={staffPath('cua-toi', { nguoi: String(r.person.id), ky: period })}>
                      {r.person.full_name}
                    </Link>
                    <div className="small muted">
                      {r.person.position_name} · {r.person.org_unit_name}
                    </div>
                  </td>
                  <td>{t(`state_${r.state}` as 'state_draft')}</td>
                  {r.components.map((c) => (
                    <td key={c.key}>{c.points === null ? '—' : c.points.toLocaleString('vi-VN')}</td>
                  ))}
                  <td>
                    <strong>{r.total === null ? '—' : r.total.toLocaleString('vi-VN')}</strong>
                  </td>
                  <td>{bandName(frame, r.score_band)}</td>
                  <td>
                    {bandName(frame, r.band)}
                    {r.quota.reason && <div className="small muted">{r.quota.reason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {approvable.length > 0 && (
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={selected.length === 0}
              onClick={approveSelected}
            >
              {t('staffApproveSelected')} ({selected.length})
            </button>
            <a className="btn" href={apiUrl(`${path}/ranking.xlsx`)}>
              {t('staffExportXlsx')}
            </a>
          </div>
        )}
      </section>
      {approvable.length > 0 && <ChangeScoreForm path={path} frame={frame} rows={approvable} />}
      {assignable.length > 0 && <AssignForm people={assignable} period={period} unit={unit} />}
      {assignable.length > 0 && <ImportForm />}
    </>
  );
}

/** The head changes a proposed score (a written reason is required by the API) and approves in one step. */
function ChangeScoreForm({ path, frame, rows }: { path: string; frame: FrameSummary; rows: TeamRow[] }) {
  const { t, num } = useI18n();
  const write = useStaffWrite();
  const shownNumber = (v: number | null | undefined) => (v === null || v === undefined ? '' : num(v, 4));
  const manualKeys = frame.components.filter((c) => c.kind === 'manual');
  const proposed = (r: TeamRow | undefined) => r?.final_manual ?? r?.manager_manual ?? r?.self_manual ?? {};
  const [personId, setPersonId] = useState(String(rows[0]!.person.id));
  const row = rows.find((r) => String(r.person.id) === personId);
  const [manual, setManual] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [ok, setOk] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values = Object.fromEntries(
      manualKeys.map((c) => {
        const typed = manual[c.key];
        const v = typed !== undefined && typed !== '' ? parseNumber(typed) : proposed(row)[c.key];
        return [c.key, v ?? null];
      }),
    );
    try {
      await write.mutateAsync({
        path: `${path}/approve`,
        body: { person_ids: [Number(personId)], changes: { [personId]: { manual: values, reason } } },
      });
      setOk(true);
      setError(undefined);
      setManual({});
      setReason('');
    } catch (err) {
      setOk(false);
      setError(asApiError(err));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="change-heading">
      <h2 id="change-heading">{t('staffChangeScore')}</h2>
      {error && <ErrorBox error={error} />}
      {ok && (
        <p className="alert alert-success" role="status">
          {t('staffApproved', { n: 1 })}
        </p>
      )}
      <div className="field">
        <label className="field-label" htmlFor="change-person">
          {t('staffChangePerson')}
        </label>
        <select
          id="change-person"
          value={personId}
          onChange={(e) => {
            setPersonId(e.target.value);
            setManual({});
          }}
        >
          {rows.map((r) => (
            <option key={r.person.id} value={r.person.id}>
              {r.person.full_name} ({r.person.code})
            </option>
          ))}
        </select>
      </div>
      {manualKeys.map((c) => (
        <div className="field" key={c.key}>
          <label className="field-label" htmlFor={`change-${c.key}`}>
            {c.name} (0–{c.max})
          </label>
          <NumberInput
            id={`change-${c.key}`}
            value={manual[c.key] ?? shownNumber(proposed(row)[c.key])}
            onValue={(value) => setManual((prev) => ({ ...prev, [c.key]: value }))}
          />
        </div>
      ))}
      <div className="field">
        <label className="field-label" htmlFor="change-reason">
          {t('staffReason')}
        </label>
        <textarea
          id="change-reason"
          aria-required="true"
          aria-describedby="change-reason-help"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <p className="field-help" id="change-reason-help">
          {t('staffReasonHelp')}
        </p>
      </div>
      <button type="submit" className="btn btn-primary">
        {t('staffChangeApprove')}
      </button>
    </form>
  );
}

function AssignForm({ people, period, unit }: { people: TeamRow[]; period: string; unit: string }) {
  const { t } = useI18n();
  const write = useStaffWrite();
  const { data } = useStaffRead<Catalogue>(`/staff/catalogue?unit=${encodeURIComponent(unit)}`);
  const [form, setForm] = useState({
    assignee: String(people[0]!.person.id),
    title: '',
    doc: '',
    catalogue: '',
    quantity: '1',
    deadline: `${period}-28`,
  });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  // The task last assigned (the message names it and its assignee; cleared when the next is sent).
  const [assigned, setAssigned] = useState<{ title: string; name: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = form;
    setAssigned(null);
    try {
      await write.mutateAsync({
        path: '/staff/tasks',
        body: {
          tasks: [
            {
              assignee_id: Number(sent.assignee),
              title: sent.title,
              doc_number: sent.doc || null,
              catalogue_id: sent.catalogue ? Number(sent.catalogue) : null,
              quantity: parseNumber(sent.quantity) || 1,
              deadline: sent.deadline,
            },
          ],
        },
      });
      const person = people.find((p) => String(p.person.id) === sent.assignee)?.person;
      setAssigned({ title: sent.title, name: person?.full_name ?? '' });
      setError(undefined);
      // What was sent is cleared for the next task; what was typed meanwhile is kept.
      setForm((f) => ({
        ...f,
        title: f.title === sent.title ? '' : f.title,
        doc: f.doc === sent.doc ? '' : f.doc,
      }));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <TextField
      id={`assign-${key}`}
      label={label}
      type={type}
      value={form[key]}
      onValue={(value) => setForm((f) => ({ ...f, [key]: value }))}
    />
  );
  return (
    <form className="card" onSubmit={submit} aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('staffAssign')}</h2>
      {error && <ErrorBox error={error} />}
      {assigned && (
        <p className="alert alert-success" role="status">
          {t('staffAssigned', assigned)}
        </p>
      )}
      <div className="field">
        <label className="field-label" htmlFor="assign-assignee">
          {t('staffAssignee')}
        </label>
        <select
          id="assign-assignee"
          value={form.assignee}
          onChange={(e) => {
            const value = e.target.value;
            setForm((f) => ({ ...f, assignee: value }));
          }}
        >
          {people.map((p) => (
            <option key={p.person.id} value={p.person.id}>
              {p.person.full_name} ({p.person.code})
            </option>
          ))}
        </select>
      </div>
      {field('title', t('staffTaskTitle'))}
      {field('doc', t('staffDoc'))}
      <div className="field">
        <label className="field-label" htmlFor="assign-catalogue">
          {t('staffProduct')}
        </label>
        <select
          id="assign-catalogue"
          value={form.catalogue}
          onChange={(e) => {
            const value = e.target.value;
            setForm((f) => ({ ...f, catalogue: value }));
          }}
        >
          <option value="">—</option>
          {(data?.items ?? [])
            .filter((i) => i.status === 'approved')
            .map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} (× {i.coefficient.toLocaleString('vi-VN')})
              </option>
            ))}
        </select>
      </div>
      {field('quantity', t('staffQuantity'), 'number')}
      {field('deadline', t('staffDeadline'), 'date')}
      <button type="submit" className="btn btn-primary" disabled={write.isPending}>
        {t('staffAssign')}
      </button>
    </form>
  );
}

function ImportForm() {
  const { t } = useI18n();
  const write = useStaffWrite();
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<number | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      const r = (await write.mutateAsync({
        path: '/staff/tasks/import',
        body: new FormData(e.currentTarget),
      })) as { imported: number };
      setDone(r.imported);
      setError(undefined);
    } catch (err) {
      setDone(null);
      setError(asApiError(err));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="import-title">
      <h2 id="import-title">{t('staffImport')}</h2>
      <p className="field-help">{t('staffImportHelp')}</p>
      {/* The header row's names as the file writes them (case and tone marks do not matter). */}
      <ul className="field-help">
        {importColumns.map(([key, header]) => (
          <li key={key}>
            <strong>{header}</strong>: {t(`staffCol_${key}`)}
          </li>
        ))}
      </ul>
      {error && (
        <div className="alert alert-error" role="alert">
          <p>{error.message}</p>
          <IssueList issues={error.details} />
        </div>
      )}
      {done !== null && (
        <p className="alert alert-success" role="status">
          {t('staffImported', { n: done })}
        </p>
      )}
      <FilePicker label={t('staffImport')} accept=".csv,.xlsx" required />
      <button type="submit" className="btn">
        {t('staffSend')}
      </button>
    </form>
  );
}
