import { useEffect, useState } from 'react';
import { getJson } from '../../api/client.ts';
import type { UnitDetail } from '../../api/types.ts';

const known = new Map<string, string>();

/** Names of the units grants are rooted at (asked once per code, remembered for the page's life). */
export function useUnitNames(codes: string[]): Map<string, string> {
  const [, setTick] = useState(0);
  const missing = [...new Set(codes)].filter((c) => c !== '*' && !known.has(c));
  const key = missing.sort().join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    void Promise.all(
      key.split(',').map((code) =>
        getJson<UnitDetail>(`/units/${encodeURIComponent(code)}`).then(
          (d) => known.set(code, d.unit.name),
          () => known.set(code, code),
        ),
      ),
    ).then(() => live && setTick((n) => n + 1));
    return () => {
      live = false;
    };
  }, [key]);
  return known;
}
