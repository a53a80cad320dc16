import { type ReactNode, useRef, useState } from 'react';
import { postForm, postJson } from '../../api/client.ts';
import type { Res } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { ActionForm, Field } from './ActionForm.tsx';
import { verdictKey } from './Items.tsx';
import { useNextActorText } from './NextActor.tsx';
import type { DossierDetail } from './types.ts';

const scanTypes = '.pdf,.png,.jpg,.jpeg,application/pdf,image/*';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** Uploads a scanned decision (quyết định) into the dossier's documents; its SHA-256. */
async function uploadScan(dossierId: number, file: File, document: 'decision' | 'revocation') {
  const form = new FormData();
  form.append('dossier_id', String(dossierId));
  form.append('file', file, file.name);
  form.append('document', document);
  const up = await postForm<Res<'/evidence', 'post'>>('/evidence', form);
  return up.evidence[0]?.sha256;
}

/**
 * The workflow steps the caller may take now: exactly the dossier's `steps` from the API (role AND
 * state, src/dossiers/workflow.ts), each as a small form; with the API's words on why a step the
 * caller's role allows is not open yet (`unavailable`). Nothing here looks at the state itself.
 */
export function ActionsSection({ detail }: { detail: DossierDetail }) {
  const { t } = useI18n();
  const steps = detail.steps;
  const d = detail.dossier;
  const nextText = useNextActorText();
  const post = (step: string, body: unknown = {}) =>
    postJson<DossierDetail>(`/dossiers/${d.id}/${step}`, body);
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
  const reasons = detail.unavailable.map((u) => u.message);
  const failing = detail.procedure.checks.filter((c) => !c.ok).length;
  if (steps.record_procedure && failing > 0) reasons.push(t('procedureIncomplete', { count: failing }));

  const forms: ReactNode[] = [];
  if (steps.submit)
    forms.push(
      <ActionForm
        key="submit"
        step="submit"
        name="submit"
        title={t('submitTitle')}
        help={t('submitHelp')}
        button={t('submitButton')}
        run={() => post('submit')}
      />,
    );
  if (steps.resubmit)
    forms.push(
      <ActionForm
        key="resubmit"
        step="resubmit"
        name="resubmit"
        title={t('resubmitTitle')}
        help={t('submitHelp')}
        button={t('resubmitButton')}
        run={() => post('resubmit', { response })}
      >
        <Field label={t('resubmitResponse')} value={response} onChange={setResponse} wide multiline />
      </ActionForm>,
    );
  if (steps.start_appraisal)
    forms.push(
      <ActionForm
        key="start"
        step="start_appraisal"
        name="start-appraisal"
        title={t('startAppraisalTitle')}
        button={t('startAppraisalButton')}
        run={() => post('appraisal/start')}
      />,
    );
  if (steps.request_rework)
    forms.push(
      <ActionForm
        key="rework"
        step="request_rework"
        name="rework"
        title={t('reworkTitle')}
        help={t('reworkHelp', { count: toRework.length })}
        button={t('reworkButton')}
        run={() =>
          post('rework', {
            deadline: reworkDeadline,
            ...(reworkMessage.trim() ? { message: reworkMessage } : {}),
          })
        }
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
  if (steps.complete_appraisal)
    forms.push(
      <ActionForm
        key="complete"
        step="complete_appraisal"
        name="complete-appraisal"
        title={t('completeAppraisalTitle')}
        help={t('completeAppraisalHelp')}
        button={t('completeAppraisalButton')}
        run={() => post('appraisal/complete', completeNote.trim() ? { note: completeNote } : {})}
      >
        <Field label={t('note')} value={completeNote} onChange={setCompleteNote} wide />
      </ActionForm>,
    );
  if (steps.vote)
    forms.push(
      <ActionForm
        key="vote"
        step="vote"
        name="vote"
        title={t('voteTitle')}
        button={t('voteButton')}
        run={() => post('votes', { vote, ...(voteComment.trim() ? { comment: voteComment } : {}) })}
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
  if (steps.recognize)
    forms.push(
      <ActionForm
        key="recognize"
        step="recognize"
        name="recognize"
        title={t('recognizeTitle')}
        help={t('recognizeHelp')}
        button={t('recognizeButton')}
        run={async () => {
          const file = steps.attach_decision ? scan.current?.files?.[0] : undefined;
          const sha = file
            ? await uploadScan(d.id, file, 'decision')
            : detail.documents.find((x) => x.document === 'decision')?.sha256;
          return post('recognize', {
            decision_no: decisionNo.trim(),
            decision_date: decisionDate,
            signer: signer.trim(),
            decision_file: sha ?? '',
          });
        }}
      >
        <Field label={t('decisionNo')} value={decisionNo} onChange={setDecisionNo} />
        <Field label={t('decisionDate')} type="date" value={decisionDate} onChange={setDecisionDate} />
        <Field label={t('signer')} value={signer} onChange={setSigner} wide />
        {steps.attach_decision && (
          <div data-step="attach_decision">
            <FilePicker label={t('decisionScan')} accept={scanTypes} inputRef={scan} />
          </div>
        )}
      </ActionForm>,
    );
  if (steps.refuse)
    forms.push(
      <ActionForm
        key="refuse"
        step="refuse"
        name="refuse"
        danger
        title={t('refuseTitle')}
        button={t('refuseButton')}
        run={() => post('refuse', { reason: refuseReason })}
      >
        <Field label={t('reason')} value={refuseReason} onChange={setRefuseReason} wide multiline />
      </ActionForm>,
    );
  if (steps.revoke)
    forms.push(
      <ActionForm
        key="revoke"
        step="revoke"
        name="revoke"
        danger
        title={t('revokeTitle')}
        button={t('revokeButton')}
        run={async () => {
          // The revocation decision (quyết định thu hồi) is attached while the dossier is still recognised.
          const file = steps.attach_revocation ? revokeScan.current?.files?.[0] : undefined;
          if (file) {
            await uploadScan(d.id, file, 'revocation');
            if (revokeScan.current) revokeScan.current.value = '';
          }
          return post('revoke', { decision_no: revokeNo, decision_date: revokeDate, reason: revokeReason });
        }}
      >
        <Field label={t('decisionNo')} value={revokeNo} onChange={setRevokeNo} />
        <Field label={t('decisionDate')} type="date" value={revokeDate} onChange={setRevokeDate} />
        <Field label={t('reason')} value={revokeReason} onChange={setRevokeReason} wide multiline />
        {steps.attach_revocation && (
          <div data-step="attach_revocation">
            <FilePicker label={t('dsRevocationScan')} accept={scanTypes} inputRef={revokeScan} />
          </div>
        )}
      </ActionForm>,
    );
  if (steps.reopen)
    forms.push(
      <ActionForm
        key="reopen"
        step="reopen"
        name="reopen"
        danger
        title={t('reopenTitle')}
        help={t('reopenHelp')}
        button={t('reopenButton')}
        run={() => post('reopen', { reason: reopenReason })}
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
      {steps.rule && (
        <p className="action-reason" data-testid="rule-waiting">
          <span aria-hidden="true">➜ </span>
          {t('ruleWaiting', { list: detail.rule_criteria.join(', ') })}
        </p>
      )}
      {/* "Nothing to do" only when no step at all is open (edits are in the sections below). */}
      {!Object.values(steps).some(Boolean) ? (
        <p className="muted">
          {t('noActions')} {nextText(detail.next_actor, d.unit?.name ?? d.unit_code)}.
        </p>
      ) : forms.length === 0 ? null : (
        <div className="action-grid">{forms}</div>
      )}
    </section>
  );
}
