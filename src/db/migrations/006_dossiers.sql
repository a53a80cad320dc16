-- Recognition dossiers (hồ sơ xét công nhận): one per (unit, framework, round), moving through the
-- QĐ 18/2022/QĐ-TTg workflow. `round` is the period whose figures the dossier relies on ("2024").
-- While the state is one of the locked states (src/dossiers/states.ts), those figures and the
-- dossier's evidence links refuse changes (DOSSIER_LOCKED) until the dossier is reopened.
CREATE TABLE dossiers (
  id                serial PRIMARY KEY,
  unit_code         text NOT NULL,
  framework_id      text NOT NULL,
  framework_version integer NOT NULL,
  round             text NOT NULL,
  state             text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'self_assessed', 'submitted',
                      'under_appraisal', 'rework_requested', 'resubmitted', 'appraised', 'recognised', 'refused',
                      'revoked')),
  rework_rounds     integer NOT NULL DEFAULT 0,
  reopen_count      integer NOT NULL DEFAULT 0,
  -- Appraisal rounds: one more after each rework request and each reopening; rulings count from
  -- rulings_since on (a reopening starts the appraisal afresh).
  appraisal_round   integer NOT NULL DEFAULT 1,
  rulings_since     integer NOT NULL DEFAULT 1,
  decision_no       text,
  decision_date     date,
  decision_signer   text,
  decision_file     text,
  refusal_reason    text,
  revocation_no     text,
  revocation_date   date,
  revocation_reason text,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_code, framework_id, round)
);
CREATE INDEX dossiers_round_idx ON dossiers (round, state);
CREATE INDEX dossiers_framework_idx ON dossiers (framework_id, state);

-- Every change of state, with who and why (a reopening's reason, a refusal's reason, ...).
CREATE TABLE dossier_transitions (
  id         serial PRIMARY KEY,
  dossier_id integer NOT NULL REFERENCES dossiers (id),
  from_state text,
  to_state   text NOT NULL,
  note       text,
  actor      text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_transitions_dossier_idx ON dossier_transitions (dossier_id, id);

-- The commune's own view of each indicator, beside the engine's status when it was given.
CREATE TABLE dossier_self_assessments (
  dossier_id      integer NOT NULL REFERENCES dossiers (id),
  indicator_code  text NOT NULL,
  claim           text NOT NULL CHECK (claim IN ('met', 'not_met')),
  explanation     text,
  computed_status text NOT NULL,
  assessed_by     text NOT NULL,
  assessed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_id, indicator_code)
);

-- The procedure's own steps (Điều 5 QĐ 18/2022): public postings of the report, then one row of
-- the other records (Fatherland Front comments, satisfaction, commune meeting, XDCB debt).
CREATE TABLE dossier_postings (
  dossier_id integer NOT NULL REFERENCES dossiers (id),
  posted_on  date NOT NULL,
  place      text NOT NULL,
  PRIMARY KEY (dossier_id, posted_on, place)
);

CREATE TABLE dossier_procedure (
  dossier_id            integer PRIMARY KEY REFERENCES dossiers (id),
  front_comments_on     date,
  front_comments        text,
  satisfaction_pct      double precision CHECK (satisfaction_pct BETWEEN 0 AND 100),
  satisfaction_surveyed integer,
  satisfaction_total    integer,
  meeting_on            date,
  meeting_attendees     integer,
  votes_for             integer,
  votes_against         integer,
  votes_abstain         integer,
  debt_statement_on     date,
  debt_outstanding      double precision CHECK (debt_outstanding >= 0),
  debt_note             text,
  updated_by            text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- Appraisal rulings per indicator and appraisal round (dossiers.appraisal_round). The public
-- comment is shown to the commune; the internal note never is.
CREATE TABLE dossier_rulings (
  dossier_id     integer NOT NULL REFERENCES dossiers (id),
  indicator_code text NOT NULL,
  round          integer NOT NULL,
  criterion_no   text,
  verdict        text NOT NULL CHECK (verdict IN ('pass', 'fail', 'conditional')),
  public_comment text,
  internal_note  text,
  ruled_by       text NOT NULL,
  ruled_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_id, indicator_code, round)
);

-- One consolidated rework request per rework round (1, 2, ...), with its deadline and the public
-- comments it carries.
CREATE TABLE dossier_rework_requests (
  dossier_id   integer NOT NULL REFERENCES dossiers (id),
  round        integer NOT NULL,
  deadline     date NOT NULL,
  message      text,
  items        jsonb NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  response     text,
  answered_at  timestamptz,
  PRIMARY KEY (dossier_id, round)
);

-- The appraisal council's votes, one per member (a member may change it until the decision).
CREATE TABLE dossier_votes (
  dossier_id integer NOT NULL REFERENCES dossiers (id),
  voter      text NOT NULL,
  vote       text NOT NULL CHECK (vote IN ('for', 'against', 'abstain')),
  comment    text,
  voted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_id, voter)
);

-- Evidence files (minh chứng), content-addressed: the bytes live in the file store under their
-- SHA-256; a file uploaded twice is stored once.
CREATE TABLE evidence_files (
  sha256      text PRIMARY KEY,
  size        bigint NOT NULL,
  media_type  text NOT NULL,
  file_type   text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

-- Which dossier indicator (or procedure document) a file supports, under the name it was given.
-- One file may support several indicators.
CREATE TABLE evidence_links (
  id             serial PRIMARY KEY,
  dossier_id     integer NOT NULL REFERENCES dossiers (id),
  sha256         text NOT NULL REFERENCES evidence_files (sha256),
  indicator_code text,
  document       text CHECK (document IN ('posting', 'front_comments', 'satisfaction', 'meeting_minutes',
                   'debt_statement', 'council_minutes', 'decision', 'revocation')),
  file_name      text NOT NULL,
  linked_by      text NOT NULL,
  linked_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((indicator_code IS NULL) <> (document IS NULL))
);
CREATE UNIQUE INDEX evidence_links_unique_idx
  ON evidence_links (dossier_id, sha256, coalesce(indicator_code, ''), coalesce(document, ''));
CREATE INDEX evidence_links_sha_idx ON evidence_links (sha256);
