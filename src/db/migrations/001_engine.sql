-- Administrative units (đơn vị hành chính): one row per validity interval of a code.
-- Open ends are stored as the sentinels 0001-01-01 / 9999-12-31 so ranges stay simple.
CREATE TABLE units (
  code        text NOT NULL,
  valid_from  date NOT NULL,
  valid_to    date NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL,
  parent_code text,
  successors  text[] NOT NULL DEFAULT '{}',
  attributes  jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (code, valid_from),
  CHECK (valid_from <= valid_to)
);
CREATE INDEX units_parent_idx ON units (parent_code, valid_from);
CREATE INDEX units_successors_idx ON units USING gin (successors);

-- Measures (số liệu): the figures indicators are evaluated on; shared across frameworks.
CREATE TABLE measures (
  id   text PRIMARY KEY,
  type text NOT NULL,
  unit text,
  name text NOT NULL
);

-- Framework versions (bộ tiêu chí). A published version is immutable.
CREATE TABLE frameworks (
  id           text NOT NULL,
  version      integer NOT NULL,
  status       text NOT NULL DEFAULT 'published',
  name         text NOT NULL,
  applies_to   text[] NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date NOT NULL,
  definition   jsonb NOT NULL,
  content_hash text NOT NULL,
  source_file  text,
  imported_by  text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- Which measures a framework version reads (for live re-evaluation on a value change).
CREATE TABLE framework_measures (
  framework_id text NOT NULL,
  version      integer NOT NULL,
  measure_id   text NOT NULL,
  PRIMARY KEY (measure_id, framework_id, version)
);

-- Current value of (unit, measure, period); numbers and booleans (1/0) in num, text/dates in txt.
CREATE TABLE value_current (
  period     text NOT NULL,
  unit_code  text NOT NULL,
  measure_id text NOT NULL,
  num        double precision,
  txt        text,
  na         boolean NOT NULL DEFAULT false,
  note       text,
  source     text NOT NULL,
  actor      text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period, unit_code, measure_id)
);

-- Every change of a value, append-only (who, when, from where).
CREATE TABLE value_history (
  id         bigserial PRIMARY KEY,
  period     text NOT NULL,
  unit_code  text NOT NULL,
  measure_id text NOT NULL,
  num        double precision,
  txt        text,
  na         boolean NOT NULL DEFAULT false,
  note       text,
  source     text NOT NULL,
  actor      text NOT NULL,
  import_id  integer,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX value_history_key_idx ON value_history (unit_code, measure_id, period);

-- Files imported (units, values): who, when, how many rows.
CREATE TABLE imports (
  id          serial PRIMARY KEY,
  kind        text NOT NULL,
  file_name   text NOT NULL,
  rows        integer NOT NULL,
  changed     integer NOT NULL,
  actor       text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- Evaluation results (derived, never typed): one row per unit the framework applies to,
-- and per ancestor with applicable descendants (its counts). Status strings hold one
-- letter per criterion / indicator in framework order (see src/engine/status.ts).
CREATE TABLE evaluation_runs (
  framework_id text NOT NULL,
  version      integer NOT NULL,
  period       text NOT NULL,
  tree_date    date NOT NULL,
  stale        boolean NOT NULL DEFAULT false,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (framework_id, version, period)
);

CREATE TABLE evaluation_results (
  framework_id   text NOT NULL,
  version        integer NOT NULL,
  period         text NOT NULL,
  unit_code      text NOT NULL,
  parent_code    text,
  applicable     boolean NOT NULL,
  status         text NOT NULL,
  met_criteria   integer NOT NULL DEFAULT 0,
  total_criteria integer NOT NULL DEFAULT 0,
  points         double precision,
  criteria_codes text NOT NULL DEFAULT '',
  indicator_codes text NOT NULL DEFAULT '',
  n_total        integer NOT NULL DEFAULT 0,
  n_met          integer NOT NULL DEFAULT 0,
  n_basically_met integer NOT NULL DEFAULT 0,
  n_not_met      integer NOT NULL DEFAULT 0,
  n_no_data      integer NOT NULL DEFAULT 0,
  n_rule_missing integer NOT NULL DEFAULT 0,
  PRIMARY KEY (framework_id, version, period, unit_code)
);
CREATE INDEX evaluation_results_parent_idx ON evaluation_results (framework_id, version, period, parent_code);
