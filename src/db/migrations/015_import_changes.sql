-- The figures an upload would change (old → new), found by its rolled-back import, for the
-- preview; paged by n. Dropped with the upload.
CREATE TABLE pending_import_changes (
  import_id  integer NOT NULL REFERENCES pending_imports (id) ON DELETE CASCADE,
  n          integer NOT NULL,
  unit_code  text NOT NULL,
  measure_id text NOT NULL,
  period     text NOT NULL,
  indicator  text NOT NULL,
  had_old    boolean NOT NULL,
  old_num    double precision,
  old_txt    text,
  old_na     boolean,
  new_num    double precision,
  new_txt    text,
  new_na     boolean NOT NULL,
  PRIMARY KEY (import_id, n)
);

-- The rows one import wrote (the preview reads them inside its rolled-back transaction).
CREATE INDEX value_history_import_idx ON value_history (import_id) WHERE import_id IS NOT NULL;
