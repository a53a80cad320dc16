-- Set-wise imports of figures (wt/import): an upload's checked rows wait here, keyed by their
-- pending upload (batch = pending_imports.id), until committed or dropped. Unlogged: a crash
-- empties it, and a commit then asks for the file again. The preview of changes is read from
-- these rows against value_current, so the copy of every change is no longer kept.
CREATE UNLOGGED TABLE import_rows (
  batch      integer NOT NULL,
  line       integer NOT NULL,
  unit_code  text NOT NULL,
  indicator  text NOT NULL,
  measure_id text NOT NULL,
  period     text NOT NULL,
  p_start    date NOT NULL,
  p_end      date NOT NULL,
  num        double precision,
  txt        text,
  na         boolean NOT NULL,
  note       text
);
-- One row per figure (duplicates are found with it) in the preview's order: unit, period, figure.
CREATE UNIQUE INDEX import_rows_key ON import_rows (batch, unit_code, period, measure_id);

ALTER TABLE pending_imports ADD COLUMN staged boolean NOT NULL DEFAULT false;
DROP TABLE pending_import_changes;
