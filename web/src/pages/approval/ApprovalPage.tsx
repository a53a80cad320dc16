import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson, postJson } from '../../api/client.ts';
import type { Body, FrameworkSummary, Query, Res, Schema } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { approvalHref, pageOf } from '../../routes.ts';
import { SelectionControls, useSelection } from '../../selection/SelectionControls.tsx';
import { WithFrameworks } from '../../selection/WithFrameworks.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { Pager } from '../../ui/Pager.tsx';
import './approval.css';

const path = '/approvals';
/** Units per page: a province's communes take a few pages, the country's many. */
const PAGE = 50;

type ApprovalList = Res<'/approvals'>;
type UnitApproval = Schema<'UnitApproval'>;
type ApprovalStep = keyof UnitApproval['abilities'];
type StepBody = Body<'/approvals/{step}'>;

/** /duyet-so-lieu: the level above approves or returns units' figures in bulk; a unit sees its state and submits. */
export function ApprovalPage() {
  return <WithFrameworks>{(frameworks) => <Approval frameworks={frameworks} />}</WithFrameworks>;
}

function Approval({ frameworks }: { frameworks: FrameworkSummary[] }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const selection = useSelection(frameworks);
  const state = { ...selection, waiting: query.get('waiting') === '1', page: pageOf(query) };
  // A new choice starts at the first page.
  const go = (change: Partial<typeof state>) =>
    navigate(approvalHref({ ...state, page: 1, ...change }), { replace: true });
  const params: Query<'/approvals'> = {
    framework: state.framework,
    period: state.period,
    unit: state.unit,
    state: state.waiting ? 'submitted' : undefined,
    limit: PAGE,
    offset: (state.page - 1) * PAGE,
  };
  const list = useQuery({
    queryKey: [path, params],
    queryFn: ({ signal }) => getJson<ApprovalList>(path, params, signal),
  });
  return (
    <div className="approval">
      <h1 className="page-title">{t('apTitle')}</h1>
      <p className="muted">{t('apIntro')}</p>
      <SelectionControls frameworks={frameworks} selection={selection} label={t('apTitle')} onChange={go}>
        <label className="check">
          <input
            type="checkbox"
            checked={state.waiting}
            onChange={(e) => go({ waiting: e.target.checked })}
          />
          {t('apOnlyWaiting')}
        </label>
      </SelectionControls>
      {list.error && <ErrorBox error={list.error} onRetry={() => list.refetch()} />}
      {list.isPending && <Loading />}
      {list.data && (
        <UnitList
          key={JSON.stringify(params)}
          list={list.data}
          offset={params.offset ?? 0}
          pageHref={(offset) => approvalHref({ ...state, page: offset / PAGE + 1 })}
        />
      )}
    </div>
  );
}

function UnitList({
  list,
  offset,
  pageHref,
}: {
  list: ApprovalList;
  offset: number;
  pageHref(offset: number): string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const step = useMutation({
    mutationFn: (v: { step: ApprovalStep; units: string[]; reason?: string }) =>
      postJson<Res<'/approvals/{step}', 'post'>>(`${path}/${v.step}`, {
        framework: list.framework_id,
        period: list.period,
        unit_codes: v.units,
        reason: v.reason || undefined,
      } satisfies StepBody),
    onSuccess: (r) => {
      const above = [...new Set(r.reopened_above.map((a) => a.unit_name))];
      setDone(
        [
          t('apDone', { n: r.unit_codes.length }),
          above.length > 0 ? t('apReopenedAbove', { list: above.join(', ') }) : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
      setSelected(new Set());
      setReason('');
      return client.invalidateQueries({ queryKey: [path] });
    },
  });
  const approvable = list.units.filter((u) => u.abilities.approve);
  const chosen = [...selected].filter((c) => approvable.some((u) => u.unit_code === c));
  const toggle = (code: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(code);
    else next.delete(code);
    setSelected(next);
  };
  const run = (s: ApprovalStep, units: string[]) => {
    setDone(null);
    step.mutate({ step: s, units, reason });
  };
  return (
    <>
      <section className="card" aria-labelledby="ap-counts">
        <h2 id="ap-counts" className="sr-only">
          {t('apCounts')}
        </h2>
        <ul className="ap-counts">
          {(['submitted', 'approved', 'returned', 'reopened', 'open'] as const).map((s) => (
            <li key={s} className={`ap-state ap-${s}`}>
              {t(`apState_${s}`)}: <strong>{list.counts[s]}</strong>
            </li>
          ))}
        </ul>
      </section>
      {done && <Notice kind="success">{done}</Notice>}
      {step.error && <ErrorBox error={step.error} />}
      {list.units.length === 0 ? (
        <Empty>{t('apNone')}</Empty>
      ) : (
        <section className="card">
          {approvable.length > 0 && (
            <div className="ap-bulk">
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.length === approvable.length}
                  onChange={(e) =>
                    setSelected(new Set(e.target.checked ? approvable.map((u) => u.unit_code) : []))
                  }
                />
                {t('apSelectAll')}
              </label>
              <button
                type="button"
                className="btn btn-primary"
                disabled={chosen.length === 0 || step.isPending}
                onClick={() => run('approve', chosen)}
              >
                {t('apApproveSelected', { n: chosen.length })}
              </button>
              <button
                type="button"
                className="btn"
                disabled={chosen.length === 0 || step.isPending}
                onClick={() => run('return', chosen)}
              >
                {t('apReturnSelected', { n: chosen.length })}
              </button>
            </div>
          )}
          <label className="field field-wide">
            <span className="field-label">{t('apReason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
            <span className="muted small">{t('apReasonHint')}</span>
          </label>
          <Pager offset={offset} limit={PAGE} total={list.total} to={pageHref} />
          <ul className="ap-units">
            {list.units.map((u) => (
              <UnitRow
                key={u.unit_code}
                unit={u}
                checked={selected.has(u.unit_code)}
                onCheck={(on) => toggle(u.unit_code, on)}
                busy={step.isPending}
                onStep={(s) => run(s, [u.unit_code])}
              />
            ))}
          </ul>
          <Pager offset={offset} limit={PAGE} total={list.total} to={pageHref} />
        </section>
      )}
    </>
  );
}

function UnitRow({
  unit: u,
  checked,
  onCheck,
  busy,
  onStep,
}: {
  unit: UnitApproval;
  checked: boolean;
  onCheck(on: boolean): void;
  busy: boolean;
  onStep(step: ApprovalStep): void;
}) {
  const { t } = useI18n();
  return (
    <li className="ap-unit">
      <div className="ap-unit-head">
        {u.abilities.approve ? (
          <label className="check">
            <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} />
            <span className="sr-only">{t('apSelect', { name: u.unit_name })}</span>
            <strong>{u.unit_name}</strong>
          </label>
        ) : (
          <strong>{u.unit_name}</strong>
        )}
        <span className={`ap-state ap-${u.state}`}>{t(`apState_${u.state}`)}</span>
      </div>
      {u.changed_by && u.changed_at && (
        <p className="muted small">{t('apBy', { who: u.changed_by, date: formatDateTime(u.changed_at) })}</p>
      )}
      {u.reopened_below.length > 0 && u.state === 'reopened' && (
        <p className="ap-changed small">
          {t('apReopenedBelow', { list: u.reopened_below.map((b) => b.unit_name).join(', ') })}
        </p>
      )}
      {u.reason && <p className="small">{t('apReasonShown', { reason: u.reason })}</p>}
      {u.approved_by && u.approved_at && u.state === 'approved' && (
        <p className="muted small">
          {t('apApprovedBy', { who: u.approved_by, date: formatDateTime(u.approved_at) })}
        </p>
      )}
      {u.waiting_for.length > 0 && u.state === 'submitted' && (
        <p className="ap-waiting small">{t('apWaiting', { list: waitingNames(u.waiting_for, t) })}</p>
      )}
      {u.changed_after_approval.length > 0 && (
        <p className="ap-changed small">
          {t('apChangedAfter', {
            n: u.changed_after_approval.length,
            list: u.changed_after_approval.map((c) => `${c.indicator} ${c.indicator_name}`).join('; '),
          })}
        </p>
      )}
      <div className="ap-actions">
        {u.abilities.submit && (
          <button type="button" className="btn" disabled={busy} onClick={() => onStep('submit')}>
            {t('apSubmit')}
          </button>
        )}
        {u.abilities.reopen && (
          <button type="button" className="btn" disabled={busy} onClick={() => onStep('reopen')}>
            {t('apReopen')}
          </button>
        )}
      </div>
    </li>
  );
}

/** "Xã Bình, Xã Cao và 3 đơn vị khác": the units below still waiting, by name (once each). */
function waitingNames(list: UnitApproval['waiting_for'], t: ReturnType<typeof useI18n>['t']): string {
  const names = [...new Set(list.map((w) => w.unit_name))];
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? t('apWaitingMore', { list: shown, n: names.length - 8 }) : shown;
}
