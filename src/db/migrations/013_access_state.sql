-- Login throttling by address across usernames, and known addresses (issue 12).
CREATE INDEX audit_events_login_address_idx ON audit_events ((data->>'address'), at)
  WHERE type = 'login.failed';
CREATE INDEX audit_events_login_known_idx ON audit_events ((data->>'user_id'), (data->>'address'), at)
  WHERE type = 'login.succeeded';

-- Rate limits shared by every server instance on one PostgreSQL database (fixed windows).
CREATE TABLE rate_limit_hits (
  scope text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (scope, key, window_start)
);
CREATE INDEX rate_limit_hits_window_idx ON rate_limit_hits (window_start);
