import type { Status } from '../../api/types.ts';

/** POST /api/what-if (src/whatif/routes.ts). */
export interface WhatIfResult {
  period: string;
  tree_date: string;
  unit: { code: string; name: string };
  set: Array<{
    measure: string;
    before: number | boolean | string | null;
    after: number | boolean | string | null;
  }>;
  changes: Array<{
    framework: string;
    framework_name: string;
    unit: string;
    unit_name: string;
    before: Status;
    after: Status;
    met_criteria: { before: number; after: number };
    total_criteria: number;
    children?: { total: number; met_before: number; met_after: number };
  }>;
  criteria: PartChange[];
  indicators: PartChange[];
  counts: Array<{
    framework: string;
    unit: string;
    unit_name: string;
    total: number;
    met_before: number;
    met_after: number;
  }>;
}

export interface PartChange {
  framework: string;
  unit: string;
  code: string;
  name: string;
  before: Status;
  after: Status;
}
