-- Public portal (cổng công khai): what the office publishes, server-generated CAPTCHAs, and
-- residents' feedback with its moderation and the official's answer.

-- What is public for one framework on one unit subtree (the nearest setting up the tree wins).
-- Nothing is public without a setting. `indicators` lists the indicator codes whose figures
-- (số liệu) are published.
CREATE TABLE publication_settings (
  framework_id     text NOT NULL,
  unit_code        text NOT NULL,
  publish_status   boolean NOT NULL DEFAULT false,
  publish_criteria boolean NOT NULL DEFAULT false,
  indicators       text[] NOT NULL DEFAULT '{}',
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (framework_id, unit_code)
);

-- One-time CAPTCHA challenges: the image's text and the spoken-word sum, both stored hashed
-- (sha256 of id + answer); a challenge is deleted when it is tried, right or wrong.
CREATE TABLE captcha_challenges (
  id          text PRIMARY KEY,
  image_hash  text NOT NULL,
  sum_hash    text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX captcha_challenges_expiry_idx ON captcha_challenges (expires_at);

-- Residents' feedback (ý kiến người dân) on a unit's criterion. The phone number is never public.
CREATE TABLE portal_feedback (
  id            serial PRIMARY KEY,
  unit_code     text NOT NULL,
  framework_id  text NOT NULL,
  criterion_no  text NOT NULL,
  author_name   text NOT NULL,
  phone         text,
  content       text NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  reject_reason text,
  answer        text,
  answered_by   text,
  answered_at   timestamptz,
  moderated_by  text,
  moderated_at  timestamptz,
  address       text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portal_feedback_unit_idx ON portal_feedback (unit_code, state);
CREATE INDEX portal_feedback_state_idx ON portal_feedback (state, id);
