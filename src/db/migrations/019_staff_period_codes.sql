-- Staff periods use the project's one period format: a quarter is 2026Q1, no longer 2026-Q1.
UPDATE staff_evaluations SET period = regexp_replace(period, '^([0-9]{4})-Q([1-4])$', '\1Q\2')
  WHERE period ~ '^[0-9]{4}-Q[1-4]$';
UPDATE staff_period_frames SET period = regexp_replace(period, '^([0-9]{4})-Q([1-4])$', '\1Q\2')
  WHERE period ~ '^[0-9]{4}-Q[1-4]$';
