-- Draft framework versions (uploaded, validated, not yet published): status 'draft'. A draft is
-- never evaluated; publishing it makes it the latest published version. One draft per framework.
ALTER TABLE frameworks ADD COLUMN published_by text;
ALTER TABLE frameworks ADD COLUMN published_at timestamptz;
UPDATE frameworks SET published_by = imported_by, published_at = imported_at WHERE status = 'published';
ALTER TABLE frameworks ADD CONSTRAINT frameworks_status_check CHECK (status IN ('draft', 'published'));
CREATE UNIQUE INDEX frameworks_one_draft_idx ON frameworks (id) WHERE status = 'draft';
