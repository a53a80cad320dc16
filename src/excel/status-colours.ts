/**
 * Status colours shared by the .xlsx exports and the web UI, so a scorecard looks the same on
 * screen and in Excel. Plain data with no runtime imports: safe to import from the browser bundle.
 */
import type { Status } from '../engine/status.ts';

export interface StatusColour {
  /** Cell background, `#RRGGBB`. */
  fill: string;
  /** Text colour readable on that background, `#RRGGBB`. */
  text: string;
  label: { vi: string; en: string };
}

export const statusColours: Readonly<Record<Status, StatusColour>> = {
  met: { fill: '#1B7F3B', text: '#FFFFFF', label: { vi: 'Đạt', en: 'Met' } },
  basically_met: { fill: '#7CB342', text: '#1A1A1A', label: { vi: 'Cơ bản đạt', en: 'Basically met' } },
  not_met: { fill: '#C62828', text: '#FFFFFF', label: { vi: 'Chưa đạt', en: 'Not met' } },
  no_data: { fill: '#9E9E9E', text: '#1A1A1A', label: { vi: 'Chưa có số liệu', en: 'No data' } },
  rule_missing: {
    fill: '#F9A825',
    text: '#1A1A1A',
    label: { vi: 'Chưa có ngưỡng', en: 'Threshold not set' },
  },
  not_applicable: {
    fill: '#E0E0E0',
    text: '#424242',
    label: { vi: 'Không áp dụng', en: 'Not applicable' },
  },
};

/** The order statuses are listed in legends: best first. */
export const legendOrder: readonly Status[] = [
  'met',
  'basically_met',
  'not_met',
  'no_data',
  'rule_missing',
  'not_applicable',
];
