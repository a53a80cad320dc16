import type { ReactNode } from 'react';
import type { FrameworkSummary } from '../api/types.ts';
import { useLocation } from '../router.tsx';
import { defaultUnit, periodsOf, pickFramework, pickPeriod } from './frameworks.ts';
import { FrameworkSelect, PeriodSelect } from './Selectors.tsx';
import { UnitSearch } from './UnitSearch.tsx';

export interface Selection {
  unit: string;
  framework: string;
  period: string;
}

/** The unit subtree, framework and period a page reads from its address (?unit=&framework=&period=). */
export function useSelection(frameworks: FrameworkSummary[]): Selection & { fw: FrameworkSummary } {
  const { query } = useLocation();
  const fw = pickFramework(frameworks, query.get('framework'))!;
  return {
    unit: query.get('unit') || defaultUnit,
    framework: fw.id,
    period: pickPeriod(fw, query.get('period')),
    fw,
  };
}

/**
 * Unit search, framework and period of a subtree page; a framework change keeps the period when
 * the new framework has it. `children`: the page's own filters.
 */
export function SelectionControls({
  frameworks,
  selection,
  label,
  onChange,
  children,
}: {
  frameworks: FrameworkSummary[];
  selection: Selection & { fw: FrameworkSummary };
  label: string;
  onChange(change: Partial<Selection>): void;
  children?: ReactNode;
}) {
  return (
    <form className="controls card" onSubmit={(e) => e.preventDefault()} aria-label={label}>
      <UnitSearch onPick={(u) => onChange({ unit: u.code })} />
      <FrameworkSelect
        frameworks={frameworks}
        value={selection.framework}
        onChange={(id) => {
          const next = frameworks.find((f) => f.id === id);
          const keep = periodsOf(next).includes(selection.period) ? selection.period : null;
          onChange({ framework: id, period: pickPeriod(next, keep) });
        }}
      />
      <PeriodSelect
        framework={selection.fw}
        value={selection.period}
        onChange={(period) => onChange({ period })}
      />
      {children}
    </form>
  );
}
