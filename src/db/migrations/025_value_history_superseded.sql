-- The history of figures keeps the values that were superseded; the value in force lives only in
-- value_current, with all it needs to be told apart (who, from where, which import, when typed).
-- A figure's first value was written twice (current and history): every import of a new period
-- wrote each figure into two B-trees, and the history held a copy of every current figure.
-- Every change of a figure, in force or superseded, is read from the view value_changes.
ALTER TABLE value_current ADD COLUMN import_id integer;
ALTER TABLE value_current ADD COLUMN entered_at timestamptz;

-- Each figure's latest history row is its current value: its provenance moves to value_current
-- and the row goes (only where it is the same value, which every writer made it).
CREATE TEMP TABLE latest_history ON COMMIT DROP AS
  SELECT DISTINCT ON (h.unit_code, h.measure_id, h.period) h.id, h.unit_code, h.measure_id, h.period,
    h.num, h.txt, h.na, h.note, h.import_id, h.entered_at
  FROM value_history h
  ORDER BY h.unit_code, h.measure_id, h.period, h.id DESC;
DELETE FROM latest_history l USING value_current c
  WHERE c.period = l.period AND c.unit_code = l.unit_code AND c.measure_id = l.measure_id
    AND (c.num, c.txt, c.na, c.note) IS DISTINCT FROM (l.num, l.txt, l.na, l.note);
DELETE FROM latest_history l
  WHERE NOT EXISTS (SELECT 1 FROM value_current c
    WHERE c.period = l.period AND c.unit_code = l.unit_code AND c.measure_id = l.measure_id);
UPDATE value_current c SET import_id = l.import_id, entered_at = l.entered_at
  FROM latest_history l
  WHERE c.period = l.period AND c.unit_code = l.unit_code AND c.measure_id = l.measure_id;
DELETE FROM value_history h USING latest_history l
  WHERE h.unit_code = l.unit_code AND h.measure_id = l.measure_id AND h.period = l.period AND h.id = l.id;
DROP TABLE latest_history;

-- The one writer of the history: whatever updates a current figure (a form, an import, two
-- writers of one new figure meeting in ON CONFLICT) moves the value it replaces here, set-wise,
-- once per statement. A change of changed_at alone (the demo's report dates) is no new value.
-- The old and new rows are matched by hashing, whatever the statement chose for itself (the
-- import's page ranges on PGlite turn hash joins off for their own lookups; a nested loop over
-- the two transition tables would cost the square of a range's rows).
CREATE FUNCTION value_current_superseded() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = on SET enable_nestloop = off AS $$
BEGIN
  INSERT INTO value_history (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id,
    entered_at, changed_at)
  SELECT o.period, o.unit_code, o.measure_id, o.num, o.txt, o.na, o.note, o.source, o.actor, o.import_id,
    o.entered_at, o.changed_at
  FROM superseded o JOIN replacing n
    ON n.period = o.period AND n.unit_code = o.unit_code AND n.measure_id = o.measure_id
  WHERE (o.num, o.txt, o.na, o.note, o.source, o.actor, o.import_id, o.entered_at)
    IS DISTINCT FROM (n.num, n.txt, n.na, n.note, n.source, n.actor, n.import_id, n.entered_at);
  RETURN NULL;
END $$;
CREATE TRIGGER value_current_superseded AFTER UPDATE ON value_current
  REFERENCING OLD TABLE AS superseded NEW TABLE AS replacing
  FOR EACH STATEMENT EXECUTE FUNCTION value_current_superseded();

-- Every value a figure has had: the superseded ones (with their id) and the one in force.
CREATE VIEW value_changes AS
  SELECT id, period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, entered_at,
    changed_at, false AS in_force
  FROM value_history
  UNION ALL
  SELECT NULL::bigint, period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, entered_at,
    changed_at, true
  FROM value_current;
