-- Where a unit is (issue 16): the People's Committee office of a commune (trụ sở UBND), recorded
-- by a unit administrator with where the coordinates come from. One location per unit code, kept
-- apart from the unit's validity intervals (re-importing the unit tree never loses it). Field
-- photos are flagged "far from the unit" against it (src/evidence/field.ts).
CREATE TABLE unit_locations (
  unit_code text PRIMARY KEY,
  lat       double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng       double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  -- Where the coordinates come from (a survey on site, the commune's portal, a file's name).
  source    text NOT NULL CHECK (source <> ''),
  set_by    text NOT NULL,
  set_at    timestamptz NOT NULL DEFAULT now()
);

-- The first way (016_field.sql: units.lat/lng per validity interval, never set by anything) gives
-- way to this one; a location recorded there by hand is kept.
INSERT INTO unit_locations (unit_code, lat, lng, source, set_by)
SELECT DISTINCT ON (code) code, lat, lng, 'units.lat/lng (014_field)', 'system'
FROM units WHERE lat IS NOT NULL AND lng IS NOT NULL ORDER BY code, valid_from DESC;
ALTER TABLE units DROP COLUMN lat;
ALTER TABLE units DROP COLUMN lng;
