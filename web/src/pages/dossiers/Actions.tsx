import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { type ApiError, postForm, postJson } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { verdictKey } from './Items.tsx';
import { useNextActorText } from './NextActor.tsx';
import type { DossierDetail, EvidenceLink } from './types.ts';

type Run = () => Promise<DossierDetail>;

/** One workflow step as a small form: its fields, one button, the server's refusal in words. */
function ActionForm({
  title,
  button,
  help,
  danger,
  onRun,
  onDone,
  children,
  name,
}: {
  title: string;
  button: string;
  help?: string;
  danger?: boolean;
  onRun: Run;
  onDone(next: DossierDetail): void;
  children?: ReactNode;
  name: string;
}) {
  const id = useId();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await onRun();
      setBusy(false);
      onDone(next);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-t`} data-action={name}>
      <h3 id={`${id}-t`} className="action-title">
        {title}
      </h3>
      {help && <p className="muted small">{help}</p>}
      {children && <div className="controls">{children}</div>}
      <div className="actions">
        <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy}>
          {busy ? t('saving') : button}
        </button>
      </div>
      {error && <ErrorBox error={error} title={t('actionFailed')} />}
    </form>
  );
}

function Field({
  label,
  value,
  onChange,
  type = 'text',
  wide,
  multiline,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  type?: string;
  wide?: boolean;
  multiline?: boolean;
}) {
  const id = useId();
  return (
    <label className={wide ? 'field field-wide' : 'field'} htmlFor={id}>
      <span className="field-label">{label}</span>
      {multiline ? (
        <textarea id={id} rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : type === 'date' ? (
        <DateInput id={id} value={value} onValue={onChange} />
      ) : (
        <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}

const scanTypes = '.pdf,.png,.jpg,.jpeg,application/pdf,image/*';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/**
 * The workflow steps the caller may take now, each shown only when the dossier's `abilities`
 * (role AND state, from the API) allow it; with a word on why a step is not available.
 */
export function ActionsSection({
  detail,
  onChange,
}: {
  detail: DossierDetail;
  onChange(next: DossierDetail): void;
}) {
  const { t } = useI18n();
  const a = detail.abilities;
  const d = detail.dossier;
  const nextText = useNextActorText();
  const path = (step: string) => `/dossiers/${d.id}/${step}`;
  const post =
    (step: string, body: unknown = {}) =>
    () =>
      postJson<DossierDetail>(path(step), body);
  const [reworkDeadline, setReworkDeadline] = useState(inAWeek);
  const [reworkMessage, setReworkMessage] = useState('');
  const [response, setResponse] = useState('');
  const [completeNote, setCompleteNote] = useState('');
  const [vote, setVote] = useState<'for' | 'against' | 'abstain'>('for');
  const [voteComment, setVoteComment] = useState('');
  const [decisionNo, setDecisionNo] = useState('');
  const [decisionDate, setDecisionDate] = useState('');
  const [signer, setSigner] = useState('');
  const scan = useRef<HTMLInputElement>(null);
  const [refuseReason, setRefuseReason] = useState('');
  const [revokeNo, setRevokeNo] = useState('');
  const [revokeDate, setRevokeDate] = useState('');
  const [revokeReason, setRevokeReason] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const revokeScan = useRef<HTMLInputElement>(null);

  const toRework = [...detail.criteria.flatMap((c) => c.indicators), ...detail.conditions].filter(
    (i) => i.ruling && i.ruling.verdict !== 'pass' && i.ruling.round === d.appraisal_round,
  );
  const reasons: string[] = [];
  if (d.locked)
    reasons.push(t(d.state === 'recognised' || d.state === 'refused' ? 'lockedDecided' : 'lockedReason'));
  if (d.state === 'draft' && a['dossier.self_assess']) reasons.push(t('submitNeedsSelfAssessment'));
  const failing = detail.procedure.checks.filter((c) => !c.ok).length;
  if (
    (a['dossier.submit'] || a['dossier.resubmit'] || d.state === 'draft') &&
    failing > 0 &&
    a['dossier.self_assess']
  )
    reasons.push(t('procedureIncomplete', { count: failing }));
  if (
    d.state === 'appraised' &&
    !a['dossier.decide'] &&
    a['dossier.vote'] === false &&
    detail.council.votes.length === 0
  )
    reasons.push(t('waitingForCouncil'));

  const forms: ReactNode[] = [];
  if (a['dossier.submit'])
    forms.push(
      <ActionForm
        key="submit"
        name="submit"
        title={t('submitTitle')}
        help={t('submitHelp')}
        button={t('submitButton')}
        onRun={post('submit')}
        onDone={onChange}
      />,
    );
  if (a['dossier.resubmit'])
    forms.push(
      <ActionForm
        key="resubmit"
        name="resubmit"
        title={t('resubmitTitle')}
        help={t('submitHelp')}
        button={t('resubmitButton')}
        onRun={post('resubmit', { response })}
        onDone={onChange}
      >
        <Field label={t('resubmitResponse')} value={response} onChange={setResponse} wide multiline />
      </ActionForm>,
    );
  if (a['dossier.consolidate'] && (d.state === 'submitted' || d.state === 'resubmitted'))
    forms.push(
      <ActionForm
        key="start"
        name="start-appraisal"
        title={t('startAppraisalTitle')}
        button={t('startAppraisalButton')}
        onRun={post('appraisal/start')}
        onDone={onChange}
      />,
    );
  if (a['dossier.request_rework'])
    forms.push(
      <ActionForm
        key="rework"
        name="rework"
        title={t('reworkTitle')}
        help={t('reworkHelp', { count: toRework.length })}
        button={t('reworkButton')}
        onRun={post('rework', {
          deadline: reworkDeadline,
          ...(reworkMessage.trim() ? { message: reworkMessage } : {}),
        })}
        onDone={onChange}
      >
        <ul className="rework-preview">
          {toRework.map((i) => (
            <li key={i.code}>
              {i.code} {i.name}: <strong>{t(verdictKey(i.ruling!.verdict))}</strong>
              {i.ruling!.public_comment ? ` — ${i.ruling!.public_comment}` : ''}
            </li>
          ))}
        </ul>
        <Field label={t('reworkDeadline')} type="date" value={reworkDeadline} onChange={setReworkDeadline} />
        <Field label={t('reworkMessage')} value={reworkMessage} onChange={setReworkMessage} wide multiline />
      </ActionForm>,
    );
  if (a['dossier.consolidate'] && d.state === 'under_appraisal')
    forms.push(
      <ActionForm
        key="complete"
        name="complete-appraisal"
        title={t('completeAppraisalTitle')}
        help={t('completeAppraisalHelp')}
        button={t('completeAppraisalButton')}
        onRun={post('appraisal/complete', completeNote.trim() ? { note: completeNote } : {})}
        onDone={onChange}
      >
        <Field label={t('note')} value={completeNote} onChange={setCompleteNote} wide />
      </ActionForm>,
    );
  if (a['dossier.vote'])
    forms.push(
      <ActionForm
        key="vote"
        name="vote"
        title={t('voteTitle')}
        button={t('voteButton')}
        onRun={post('votes', { vote, ...(voteComment.trim() ? { comment: voteComment } : {}) })}
        onDone={onChange}
      >
        <fieldset>
          <legend className="field-label">{t('yourVote')}</legend>
          {(['for', 'against', 'abstain'] as const).map((v) => (
            <label key={v} className="radio">
              <input type="radio" name="vote" value={v} checked={vote === v} onChange={() => setVote(v)} />{' '}
              {t(`vote_${v}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <Field label={t('comment')} value={voteComment} onChange={setVoteComment} wide />
      </ActionForm>,
    );
  if (a['dossier.decide'] && d.state === 'appraised') {
    forms.push(
      <ActionForm
        key="recognize"
        name="recognize"
        title={t('recognizeTitle')}
        help={t('recognizeHelp')}
        button={t('recognizeButton')}
        onRun={async () => {
          const file = scan.current?.files?.[0];
          let sha = detail.documents.find((x) => x.document === 'decision')?.sha256;
          if (file) {
            const form = new FormData();
            form.append('dossier_id', String(d.id));
            form.append('file', file, file.name);
            form.append('document', 'decision');
            const up = await postForm<{ evidence: EvidenceLink[] }>('/evidence', form);
            sha = up.evidence[0]?.sha256;
          }
          return postJson<DossierDetail>(path('recognize'), {
            decision_no: decisionNo.trim(),
            decision_date: decisionDate,
            signer: signer.trim(),
            decision_file: sha ?? '',
          });
        }}
        onDone={onChange}
      >
        <Field label={t('decisionNo')} value={decisionNo} onChange={setDecisionNo} />
        <Field label={t('decisionDate')} type="date" value={decisionDate} onChange={setDecisionDate} />
        <Field label={t('signer')} value={signer} onChange={setSigner} wide />
        <FilePicker label={t('decisionScan')} accept={scanTypes} inputRef={scan} />
      </ActionForm>,
    );
    forms.push(
      <ActionForm
        key="refuse"
        name="refuse"
        danger
        title={t('refuseTitle')}
        button={t('refuseButton')}
        onRun={post('refuse', { reason: refuseReason })}
        onDone={onChange}
      >
        <Field label={t('reason')} value={refuseReason} onChange={setRefuseReason} wide multiline />
      </ActionForm>,
    );
  }
  if (a['dossier.revoke'])
    forms.push(
      <ActionForm
        key="revoke"
        name="revoke"
        danger
        title={t('revokeTitle')}
        button={t('revokeButton')}
        onRun={async () => {
          // The revocation decision (quyết định thu hồi) is attached while the dossier is still recognised.
          const file = revokeScan.current?.files?.[0];
          if (file) {
            const form = new FormData();
            form.append('dossier_id', String(d.id));
            form.append('file', file, file.name);
            form.append('document', 'revocation');
            await postForm<{ evidence: EvidenceLink[] }>('/evidence', form);
            if (revokeScan.current) revokeScan.current.value = '';
          }
          return postJson<DossierDetail>(path('revoke'), {
            decision_no: revokeNo,
            decision_date: revokeDate,
            reason: revokeReason,
          });
        }}
        onDone={onChange}
      >
        <Field label={t('decisionNo')} value={revokeNo} onChange={setRevokeNo} />
        <Field label={t('decisionDate')} type="date" value={revokeDate} onChange={setRevokeDate} />
        <Field label={t('reason')} value={revokeReason} onChange={setRevokeReason} wide multiline />
        <FilePicker label={t('dsRevocationScan')} accept={scanTypes} inputRef={revokeScan} />
      </ActionForm>,
    );
  if (a['dossier.reopen'])
    forms.push(
      <ActionForm
        key="reopen"
        name="reopen"
        danger
        title={t('reopenTitle')}
        help={t('reopenHelp')}
        button={t('reopenButton')}
        onRun={post('reopen', { reason: reopenReason })}
        onDone={onChange}
      >
        <Field label={t('reason')} value={reopenReason} onChange={setReopenReason} wide multiline />
      </ActionForm>,
    );

  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actionsTitle')}</h2>
      {reasons.map((r) => (
        <p key={r} className="action-reason">
          <span aria-hidden="true">ⓘ </span>
          {r}
        </p>
      ))}
      {detail.rule_criteria.length > 0 && (
        <p className="action-reason" data-testid="rule-waiting">
          <span aria-hidden="true">➜ </span>
          {t('ruleWaiting', { list: detail.rule_criteria.join(', ') })}
        </p>
      )}
      {forms.length === 0 && detail.rule_criteria.length === 0 ? (
        <p className="muted">
          {t('noActions')} {nextText(detail.next_actor, d.unit?.name ?? d.unit_code)}.
        </p>
      ) : forms.length === 0 ? null : (
        <div className="action-grid">{forms}</div>
      )}
    </section>
  );
}
