-- Residents' satisfaction surveys (lấy ý kiến sự hài lòng của người dân, led by Ủy ban MTTQ):
-- a campaign of one unit (optionally for one dossier), its questionnaire, the households of each
-- village (thôn / tổ dân phố) as the sampling frame, one single-use code per household, answers.
CREATE TABLE survey_campaigns (
  id                    serial PRIMARY KEY,
  unit_code             text NOT NULL,
  dossier_id            integer REFERENCES dossiers (id),
  title                 text NOT NULL,
  opens_at              timestamptz NOT NULL,
  closes_at             timestamptz NOT NULL,
  -- Required household coverage and pass rate: not in the sourced data (MTTQ 90/HD-MTTW-BTT not
  -- retrieved), so null ("chưa quy định") until an official enters them for the campaign.
  required_coverage_pct double precision CHECK (required_coverage_pct BETWEEN 0 AND 100),
  required_pass_pct     double precision CHECK (required_pass_pct BETWEEN 0 AND 100),
  results_public        boolean NOT NULL DEFAULT false,
  comments_public       boolean NOT NULL DEFAULT false,
  created_by            text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at)
);
CREATE INDEX survey_campaigns_unit_idx ON survey_campaigns (unit_code);

-- The questionnaire: position 0 is the overall question; criterion questions name their criterion.
CREATE TABLE survey_questions (
  id           serial PRIMARY KEY,
  campaign_id  integer NOT NULL REFERENCES survey_campaigns (id),
  position     integer NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('overall', 'criterion')),
  criterion_no text,
  text         text NOT NULL,
  UNIQUE (campaign_id, position)
);

CREATE TABLE survey_villages (
  id          serial PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES survey_campaigns (id),
  name        text NOT NULL,
  UNIQUE (campaign_id, name)
);

-- Households of the frame. The code is looked up by its SHA-256 (code_hash); the code itself is
-- kept only to print the slips, read through a permission-checked use case.
CREATE TABLE survey_households (
  id          serial PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES survey_campaigns (id),
  village_id  integer NOT NULL REFERENCES survey_villages (id),
  household   text NOT NULL,
  head_name   text,
  code        text NOT NULL,
  code_hash   text NOT NULL UNIQUE,
  UNIQUE (campaign_id, village_id, household)
);

-- One answer per household (the primary key makes a code work once), by phone or keyed from paper.
CREATE TABLE survey_answers (
  household_id integer PRIMARY KEY REFERENCES survey_households (id),
  campaign_id  integer NOT NULL REFERENCES survey_campaigns (id),
  channel      text NOT NULL CHECK (channel IN ('web', 'paper')),
  keyed_by     text,
  answered_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_answers_campaign_idx ON survey_answers (campaign_id, answered_at);

CREATE TABLE survey_answer_items (
  household_id integer NOT NULL REFERENCES survey_answers (household_id),
  question_id  integer NOT NULL REFERENCES survey_questions (id),
  choice       text NOT NULL CHECK (choice IN ('satisfied', 'not_satisfied', 'no_opinion')),
  comment      text,
  PRIMARY KEY (household_id, question_id)
);
