-- Source cells of a framework draft read from a decision's annex (Word .docx): the text of each
-- threshold cell as published, whether the reader turned it into a rule, and the correction an
-- administrator typed on the review page. Removed with the version they belong to.
CREATE TABLE framework_annex_cells (
  framework_id text NOT NULL,
  version      integer NOT NULL,
  code         text NOT NULL,
  col          text NOT NULL,
  label        text NOT NULL,
  source_text  text NOT NULL,
  parsed       boolean NOT NULL,
  corrected    text,
  corrected_by text,
  position     integer NOT NULL,
  PRIMARY KEY (framework_id, version, code, col),
  FOREIGN KEY (framework_id, version) REFERENCES frameworks (id, version) ON DELETE CASCADE
);
