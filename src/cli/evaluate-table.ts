import type { Status } from '../engine/status.ts';
import { statusLabels } from '../engine/status.ts';
import type { EvaluationReport, UnitResultJson } from '../evaluations/report.ts';
import { kindNames } from '../units/words.ts';
import { lang, t } from './lang.ts';
import { formatTable } from './table.ts';

const symbols: Record<Status, string> = {
  met: '●',
  basically_met: '◐',
  not_met: '✗',
  no_data: '?',
  not_applicable: '–',
  rule_missing: '!',
};

export function kindName(kind: string): string {
  const k = kindNames[kind];
  return k ? (lang === 'en' ? k[1] : k[0]) : kind;
}

export function statusName(s: Status): string {
  return statusLabels[s][lang];
}

function childrenText(r: UnitResultJson): string {
  if (!r.children) return '';
  const c = r.children;
  return `${c.met}/${c.total}`;
}

function legend(): string {
  return (Object.keys(symbols) as Status[]).map((s) => `${symbols[s]} ${statusName(s)}`).join('   ');
}

/** The summary table: one row per unit, one status symbol per criterion. */
export function formatEvaluationTable(report: EvaluationReport, opts: { demo: boolean }): string {
  const out: string[] = [];
  out.push(
    `${report.framework.name} (${report.framework.id}, ${t('phiên bản', 'version')} ${report.framework.version})`,
  );
  out.push(
    `${t('Kỳ', 'Period')}: ${report.period}   ${t('Cây đơn vị hành chính ngày', 'Unit tree as of')} ${formatDate(report.tree_date)}`,
  );
  out.push('');
  const withCriteria = report.results.find((r) => r.criteria.length > 0);
  const criteriaNos = withCriteria ? withCriteria.criteria.map((c) => c.no) : [];
  const header = [
    t('Mã', 'Code'),
    t('Đơn vị', 'Unit'),
    t('Loại', 'Kind'),
    t('Kết quả', 'Result'),
    t('Tiêu chí đạt', 'Criteria met'),
    t('Đơn vị con đạt', 'Sub-units met'),
  ];
  if (criteriaNos.length > 0)
    header.push(`${t('Tiêu chí', 'Criteria')} ${criteriaNos[0]}–${criteriaNos[criteriaNos.length - 1]}`);
  const rows = report.results.map((r) => {
    const row = [
      r.unit.code,
      r.unit.name,
      kindName(r.unit.kind),
      statusName(r.status),
      r.criteria.length > 0 ? `${r.met_criteria}/${r.total_criteria}` : '',
      childrenText(r),
    ];
    if (criteriaNos.length > 0) row.push(r.criteria.map((c) => symbols[c.status]).join(''));
    return row;
  });
  out.push(formatTable(header, rows, { right: [4, 5] }));
  out.push('');
  out.push(legend());
  const missing = new Set<string>();
  for (const r of report.results)
    for (const c of r.criteria)
      for (const i of c.indicators) if (i.status === 'rule_missing') missing.add(i.code);
  if (missing.size > 0)
    out.push(
      t(
        `Chưa có ngưỡng trong văn bản đã nhập cho ${missing.size} chỉ tiêu (${[...missing].slice(0, 12).join(', ')}${missing.size > 12 ? ', …' : ''}): cần nhập từ văn bản chính thức.`,
        `No threshold entered for ${missing.size} indicators (${[...missing].slice(0, 12).join(', ')}${missing.size > 12 ? ', …' : ''}): enter them from the official text.`,
      ),
    );
  if (opts.demo)
    out.push(
      t(
        '⚠ Có số liệu minh họa (demo), không phải số liệu chính thức.',
        '⚠ Includes demo figures, not official data.',
      ),
    );
  return out.join('\n');
}

/** The detail of one unit: every criterion and indicator with value, threshold and reason. */
export function formatUnitDetail(r: UnitResultJson): string {
  const rows: string[][] = [];
  for (const c of r.criteria) {
    rows.push([`${t('TC', 'C')} ${c.no}`, c.name, '', '', statusName(c.status), '']);
    for (const i of c.indicators) {
      rows.push([
        `  ${i.code}`,
        truncate(i.name, 48),
        i.value === null ? '' : formatValue(i.value, i.unit),
        i.threshold,
        statusName(i.status),
        truncate(i.reason, 60),
      ]);
    }
  }
  for (const i of r.conditions ?? [])
    rows.push([
      i.code,
      truncate(i.name, 48),
      i.value === null ? '' : formatValue(i.value, i.unit),
      i.threshold,
      statusName(i.status),
      truncate(i.reason, 60),
    ]);
  const head = `${r.unit.name} (${r.unit.code}): ${statusName(r.status)}, ${r.met_criteria}/${r.total_criteria} ${t('tiêu chí đạt', 'criteria met')}`;
  return `${head}\n\n${formatTable(
    [
      t('Số', 'No.'),
      t('Tiêu chí / chỉ tiêu', 'Criterion / indicator'),
      t('Giá trị', 'Value'),
      t('Ngưỡng', 'Threshold'),
      t('Kết quả', 'Result'),
      t('Lý do', 'Reason'),
    ],
    rows,
  )}`;
}

function formatValue(v: number | boolean | string, unit: string | null): string {
  if (typeof v === 'boolean') return v ? t('có', 'yes') : t('không', 'no');
  if (typeof v === 'number') {
    const n = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 2 }).format(
      v,
    );
    return unit === '%' ? `${n}%` : n;
  }
  return v;
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

/** dd/mm/yyyy for Vietnamese, yyyy-mm-dd for English. */
export function formatDate(iso: string): string {
  if (lang === 'en') return iso;
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
