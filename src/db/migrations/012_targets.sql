-- Socio-economic targets (chỉ tiêu kinh tế – xã hội) assigned down the tree, tracked against the
-- actual figures stored in value_current (see src/targets/, docs/decisions/005-targets.md).

-- Departments (sở, ban, ngành) that hold targets. They are not administrative units, so they
-- are not in `units`; access to them is checked on the unit they belong to (the city).
CREATE TABLE target_departments (
  code      text PRIMARY KEY,
  name      text NOT NULL,
  unit_code text NOT NULL
);

-- One plan per year, set by the unit that assigns (the city). Settings hold the policy
-- thresholds (on track / at risk ratios, reporting due days, data cut-off).
CREATE TABLE target_plans (
  year       integer PRIMARY KEY,
  root_code  text NOT NULL,
  name       text NOT NULL,
  demo       boolean NOT NULL DEFAULT false,
  based_on   integer,
  tree_date  date NOT NULL,
  settings   jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The plan's indicators. Actual figures live in value_current under measure_id.
CREATE TABLE target_indicators (
  year           integer NOT NULL REFERENCES target_plans (year),
  code           text NOT NULL,
  position       integer NOT NULL,
  name           text NOT NULL,
  unit           text NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('higher', 'lower')),
  aggregation    text NOT NULL CHECK (aggregation IN ('sum', 'weighted_average', 'rate', 'last')),
  weight_measure text,
  measure_id     text NOT NULL,
  frequency      text NOT NULL CHECK (frequency IN ('month', 'quarter')),
  PRIMARY KEY (year, code)
);

-- A target given to a holder (the root, a unit below it, or a department) for one indicator.
CREATE TABLE target_assignments (
  year           integer NOT NULL,
  indicator_code text NOT NULL,
  holder_code    text NOT NULL,
  target         double precision NOT NULL,
  assigned_by    text NOT NULL,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (year, indicator_code, holder_code),
  FOREIGN KEY (year, indicator_code) REFERENCES target_indicators (year, code) ON DELETE CASCADE
);
CREATE INDEX target_assignments_holder_idx ON target_assignments (holder_code, year);

-- A leader asks a holder to explain an indicator that is off track; the holder answers.
CREATE TABLE target_explanations (
  id             serial PRIMARY KEY,
  year           integer NOT NULL,
  indicator_code text NOT NULL,
  holder_code    text NOT NULL,
  question       text NOT NULL,
  asked_by       text NOT NULL,
  asked_at       timestamptz NOT NULL DEFAULT now(),
  answer         text,
  answered_by    text,
  answered_at    timestamptz,
  FOREIGN KEY (year, indicator_code) REFERENCES target_indicators (year, code) ON DELETE CASCADE
);
CREATE INDEX target_explanations_holder_idx ON target_explanations (year, holder_code);
