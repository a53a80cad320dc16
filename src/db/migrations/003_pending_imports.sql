-- Uploaded files waiting for confirmation (nhập tệp hai bước): the parsed table, its row-by-row
-- validation report and a preview of what committing would change. Committing imports the
-- stored table through the same use case as the CLI; a pending upload is committed at most once.
CREATE TABLE pending_imports (
  id           serial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('values', 'units')),
  file_name    text NOT NULL,
  rows         integer NOT NULL,
  valid        boolean NOT NULL,
  issue_count  integer NOT NULL DEFAULT 0,
  issues       jsonb NOT NULL DEFAULT '[]',
  preview      jsonb NOT NULL DEFAULT '{}',
  content      jsonb NOT NULL,
  actor        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz,
  committed_by text,
  report       jsonb
);
CREATE INDEX pending_imports_created_idx ON pending_imports (created_at) WHERE committed_at IS NULL;
