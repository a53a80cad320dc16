-- Notices (thông báo) to one account: deadline reminders and scheduled reports. `dedupe_key`
-- names what a notice is about (the dossier's deadline, the month's report, ...), so a job run
-- twice — or again after a restart — never notifies twice.
CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  link        text,
  report_id   bigint,
  dedupe_key  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  emailed_at  timestamptz,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

-- Where a person wants notices by e-mail (optional; without SMTP configured only in-app notices).
CREATE TABLE notification_settings (
  user_id    integer PRIMARY KEY REFERENCES users (id),
  email      text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A leader's subscription to the monthly summary of a unit's subtree.
CREATE TABLE report_subscriptions (
  id         serial PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id),
  unit_code  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, unit_code)
);

-- Each month's summary as sent: the .xlsx and the headline figures the next month compares with.
CREATE TABLE report_files (
  id              bigserial PRIMARY KEY,
  subscription_id integer NOT NULL REFERENCES report_subscriptions (id) ON DELETE CASCADE,
  month           text NOT NULL,
  file_name       text NOT NULL,
  content         bytea NOT NULL,
  summary         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, month)
);
