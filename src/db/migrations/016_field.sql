-- Field work (issue 16): where a unit is (for "far from the unit" flags on field photos), when
-- the appraisal delegation visits, a field photo's place, time and note, and the time a figure
-- was entered on a device that was offline.

-- A unit's reference point (its office), WGS 84 degrees; unset until an official records it.
ALTER TABLE units ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE units ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);

-- The on-site visit of the appraisal delegation (khảo sát thực tế), both days included.
ALTER TABLE dossiers ADD COLUMN visit_from date;
ALTER TABLE dossiers ADD COLUMN visit_to date CHECK (visit_to >= visit_from);

-- A field photo's position (from the photo's EXIF or the device), when it was taken, and the
-- note its author wrote on the spot.
ALTER TABLE evidence_links ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE evidence_links ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);
ALTER TABLE evidence_links ADD COLUMN position_source text CHECK (position_source IN ('exif', 'device'));
ALTER TABLE evidence_links ADD COLUMN taken_at timestamptz;
ALTER TABLE evidence_links ADD COLUMN field_note text;
ALTER TABLE evidence_links ADD CONSTRAINT evidence_links_position_check
  CHECK ((lat IS NULL) = (lng IS NULL) AND (lat IS NULL) = (position_source IS NULL));

-- When the figure was typed, if earlier than it reached the server (queued offline).
ALTER TABLE value_history ADD COLUMN entered_at timestamptz;
