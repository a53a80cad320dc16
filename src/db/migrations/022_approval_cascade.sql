-- Reopening cascades up (issue 16): reopening a unit's approved figures reopens the approved
-- figures above it that included them (a district's, a province's). `reopened_below` names the
-- units below whose reopening did it ("cấp dưới đã mở lại"); any later step clears it.
ALTER TABLE figure_approvals ADD COLUMN reopened_below text[];
