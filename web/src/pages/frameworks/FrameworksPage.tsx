import type { FrameworkSummary } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { annexReviewHref, frameworkHref } from '../../routes.ts';
import { useFrameworks } from '../../selection/frameworks.ts';
import { useSession } from '../../session/session.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { AnnexUpload } from './AnnexUpload.tsx';
import { DraftUpload } from './DraftUpload.tsx';

/** Every published framework with its size and what is still missing; bring in a new version. */
export function FrameworksPage() {
  const { t } = useI18n();
  const list = useFrameworks();
  const { session } = useSession();
  return (
    <div className="frameworks-page">
      <h1 className="page-title">{t('frameworks')}</h1>
      <p className="lead">{t('frameworksIntro')}</p>
      {list.error && <ErrorBox error={list.error} onRetry={list.refetch} />}
      {!list.error && !list.data && <Loading />}
      {list.data?.length === 0 && <Empty>{t('frameworksEmpty')}</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="fw-list">
          {list.data.map((f) => (
            <FrameworkCard key={f.id} fw={f} />
          ))}
        </ul>
      )}
      {session?.system_admin && <DraftUpload />}
      {session?.system_admin && <AnnexUpload />}
    </div>
  );
}

function FrameworkCard({ fw }: { fw: FrameworkSummary }) {
  const { t, lang, kind } = useI18n();
  return (
    <li className="card fw-card">
      <h2 className="fw-name">
        <Link to={frameworkHref(fw.id)}>{(lang === 'en' && fw.name_en) || fw.name}</Link>
      </h2>
      <p className="muted small">
        <code>{fw.id}</code> · {t('fwVersion', { version: String(fw.version) })} ·{' '}
        {fw.status === 'draft' ? t('fwStatusDraft') : t('fwStatusPublished')}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('fwValid')}</dt>
          <dd>
            {formatDate(fw.valid_from) || '…'} –{' '}
            {(fw.valid_to?.startsWith('9999') ? t('openEnded') : formatDate(fw.valid_to)) || '…'}
          </dd>
        </div>
        <div>
          <dt>{t('fwAppliesTo')}</dt>
          <dd>{fw.applies_to.map(kind).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('criteria')}</dt>
          <dd>{t('fwCounts', { criteria: fw.criteria_count, indicators: fw.indicator_count })}</dd>
        </div>
      </dl>
      {fw.pending_draft !== null && (
        <p className="fw-pending">
          <Link to={annexReviewHref(fw.id, fw.pending_draft)}>
            {t('fwPendingDraft', { version: String(fw.pending_draft) })}
          </Link>
        </p>
      )}
      <p className="tags">
        {fw.rule_missing_count > 0 && (
          <span className="tag tag-missing">{t('fwRuleMissing', { n: fw.rule_missing_count })}</span>
        )}
        {fw.unverified_count > 0 && (
          <span className="tag tag-warn">{t('fwUnverified', { n: fw.unverified_count })}</span>
        )}
      </p>
    </li>
  );
}
