-- Approval of routine figures (duyệt số liệu, issue 16): one row per framework × unit × period,
-- in the state of src/approval/steps.ts. Approved figures are locked (src/approval/locking.ts).
CREATE TABLE figure_approvals (
  framework_id      text NOT NULL,
  framework_version integer NOT NULL,
  unit_code         text NOT NULL,
  period            text NOT NULL,
  state             text NOT NULL CHECK (state IN ('submitted', 'approved', 'returned', 'reopened')),
  reason            text,
  changed_by        text NOT NULL,
  changed_at        timestamptz NOT NULL DEFAULT now(),
  -- The last approval: figures changed after it read "đã thay đổi sau khi duyệt".
  approved_by       text,
  approved_at       timestamptz,
  PRIMARY KEY (framework_id, period, unit_code)
);
CREATE INDEX figure_approvals_locked_idx ON figure_approvals (period, unit_code) WHERE state = 'approved';
CREATE INDEX figure_approvals_state_idx ON figure_approvals (period, state);

-- An officer's note on a data-quality warning (giải trình). It covers the figure as it was
-- explained: a later change of the figure brings the warning back.
CREATE TABLE quality_explanations (
  period       text NOT NULL,
  unit_code    text NOT NULL,
  measure_id   text NOT NULL,
  kind         text NOT NULL,
  num          double precision,
  note         text NOT NULL,
  explained_by text NOT NULL,
  explained_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period, unit_code, measure_id, kind)
);
