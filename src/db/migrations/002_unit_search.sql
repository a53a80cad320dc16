-- Unit names folded for search without diacritics ("gia lam" finds "Gia Lâm").
ALTER TABLE units ADD COLUMN search_name text NOT NULL DEFAULT '';
CREATE INDEX units_search_idx ON units (search_name);
