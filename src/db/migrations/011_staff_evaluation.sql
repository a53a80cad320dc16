-- Civil-servant work evaluation (đánh giá, xếp loại công chức theo NĐ 335/2025 and QĐ 3814).
-- The agency tree (cơ quan, phòng ban) is separate from administrative units; people hold a
-- position in one node, optionally linked to a login account.
CREATE TABLE staff_org_units (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  parent_code text REFERENCES staff_org_units (code),
  kind        text NOT NULL DEFAULT 'division' CHECK (kind IN ('agency', 'division'))
);
CREATE INDEX staff_org_units_parent_idx ON staff_org_units (parent_code);

-- Positions (vị trí việc làm): the task group decides the quota group (nhóm có nhiệm vụ tương đồng);
-- is_head marks the head of the node the holder sits in (thủ trưởng / trưởng phòng).
CREATE TABLE staff_positions (
  code       text PRIMARY KEY,
  name       text NOT NULL,
  task_group text NOT NULL,
  is_head    boolean NOT NULL DEFAULT false
);

CREATE TABLE staff_people (
  id            serial PRIMARY KEY,
  code          text NOT NULL UNIQUE,
  full_name     text NOT NULL,
  org_unit      text NOT NULL REFERENCES staff_org_units (code),
  position_code text NOT NULL REFERENCES staff_positions (code),
  manager_id    integer REFERENCES staff_people (id),
  user_id       integer UNIQUE REFERENCES users (id),
  active        boolean NOT NULL DEFAULT true
);
CREATE INDEX staff_people_unit_idx ON staff_people (org_unit);
CREATE INDEX staff_people_manager_idx ON staff_people (manager_id);

-- Task/product catalogue (danh mục sản phẩm) with conversion coefficients (hệ số quy đổi):
-- org_unit null = shared group; unit-specific items take effect once the head approves them.
CREATE TABLE staff_catalogue (
  id          serial PRIMARY KEY,
  code        text NOT NULL,
  name        text NOT NULL,
  task_group  text NOT NULL,
  org_unit    text REFERENCES staff_org_units (code),
  coefficient numeric NOT NULL CHECK (coefficient > 0),
  status      text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved')),
  proposed_by text NOT NULL,
  approved_by text
);
CREATE UNIQUE INDEX staff_catalogue_code_idx ON staff_catalogue (code, coalesce(org_unit, ''));

-- Tasks (nhiệm vụ) assigned to one person; `deadline` moves only through approved extensions.
CREATE TABLE staff_tasks (
  id              serial PRIMARY KEY,
  doc_number      text,
  title           text NOT NULL,
  assignee_id     integer NOT NULL REFERENCES staff_people (id),
  assigner_id     integer REFERENCES staff_people (id),
  role            text NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'collaborator')),
  catalogue_id    integer REFERENCES staff_catalogue (id),
  quantity        numeric NOT NULL DEFAULT 1 CHECK (quantity > 0),
  coefficient     numeric NOT NULL DEFAULT 1 CHECK (coefficient > 0),
  original_deadline date NOT NULL,
  deadline        date NOT NULL,
  completed_on    date,
  product         text,
  quality         text CHECK (quality IN ('dat', 'khong_dat')),
  major_errors    integer NOT NULL DEFAULT 0 CHECK (major_errors >= 0),
  excused_errors  integer NOT NULL DEFAULT 0 CHECK (excused_errors >= 0),
  delay_excused   boolean NOT NULL DEFAULT false,
  objective_cause text,
  source          text NOT NULL DEFAULT 'manual',
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_tasks_doc_idx ON staff_tasks (doc_number, assignee_id) WHERE doc_number IS NOT NULL;
CREATE INDEX staff_tasks_assignee_idx ON staff_tasks (assignee_id, deadline);

-- Deadline extensions (gia hạn): requested, then approved or refused; never a silent edit.
CREATE TABLE staff_extensions (
  id           serial PRIMARY KEY,
  task_id      integer NOT NULL REFERENCES staff_tasks (id),
  new_deadline date NOT NULL,
  reason       text NOT NULL,
  status       text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'refused')),
  requested_by text NOT NULL,
  decided_by   text,
  decided_at   timestamptz
);
-- At most one open request per task.
CREATE UNIQUE INDEX staff_extensions_open_idx ON staff_extensions (task_id) WHERE status = 'requested';
CREATE INDEX staff_extensions_task_idx ON staff_extensions (task_id);

-- Which frame scores a period (frames are data in data/staff-frames; default NĐ 335).
CREATE TABLE staff_period_frames (
  period   text PRIMARY KEY,
  frame_id text NOT NULL
);

-- One evaluation per person and period: self-assessment → manager → head; the final score and
-- its explanation are kept as approved.
CREATE TABLE staff_evaluations (
  id              serial PRIMARY KEY,
  person_id       integer NOT NULL REFERENCES staff_people (id),
  period          text NOT NULL,
  frame_id        text NOT NULL,
  state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'self_assessed', 'reviewed', 'approved')),
  self_manual     jsonb NOT NULL DEFAULT '{}',
  self_note       text,
  manager_manual  jsonb,
  manager_reason  text,
  disqualifying   text[] NOT NULL DEFAULT '{}',
  final_manual    jsonb,
  head_reason     text,
  total           numeric,
  band            text,
  proposed_band   text,
  quota_reason    text,
  explanation     jsonb,
  person_comment  text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, period)
);
CREATE INDEX staff_evaluations_period_idx ON staff_evaluations (period, state);
