-- Accounts (tài khoản): people who log in. Usernames are stored lower-case; passwords as
-- argon2id hashes (PHC strings). Repeated wrong passwords lock the account for a while.
CREATE TABLE users (
  id              serial PRIMARY KEY,
  username        text NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name    text NOT NULL,
  password_hash   text,
  active          boolean NOT NULL DEFAULT true,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  password_set_at timestamptz
);

-- Roles scoped to a unit subtree: unit_code is the root of the subtree ('*' = every unit).
-- A department reviewer may be limited to one framework and some of its criteria.
CREATE TABLE role_grants (
  id           serial PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id),
  role         text NOT NULL CHECK (role IN ('commune_officer', 'department_reviewer', 'coordination_office',
                                             'council_member', 'leader', 'admin')),
  unit_code    text NOT NULL,
  framework_id text,
  criteria     text[],
  granted_by   text NOT NULL,
  granted_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX role_grants_unique_idx ON role_grants (user_id, role, unit_code, coalesce(framework_id, ''));

-- Sessions: only the SHA-256 of the random token is stored. A session ends when idle too long
-- or at expires_at (absolute limit), whichever comes first.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  address      text,
  user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Audit trail (nhật ký): one typed event per change, written in the transaction of the change.
-- dossier_id has no foreign key: dossiers come in a later migration and events outlive them.
CREATE TABLE audit_events (
  id            bigserial PRIMARY KEY,
  type          text NOT NULL,
  actor_user_id integer,
  actor_name    text NOT NULL,
  unit_code     text,
  dossier_id    bigint,
  data          jsonb NOT NULL DEFAULT '{}',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_unit_idx ON audit_events (unit_code, at);
CREATE INDEX audit_events_user_idx ON audit_events (actor_user_id, at);
CREATE INDEX audit_events_dossier_idx ON audit_events (dossier_id, at) WHERE dossier_id IS NOT NULL;
-- Login throttling counts recent failures per typed username and address.
CREATE INDEX audit_events_login_failed_idx ON audit_events (actor_name, at) WHERE type = 'login.failed';
