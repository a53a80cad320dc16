-- Recognition decisions made before TieuChi (issue 11): a title (đạt chuẩn NTM, NTM nâng cao,
-- kiểu mẫu, hoàn thành nhiệm vụ) recorded from its published decision, without a dossier. The
-- unit is the code valid when the decision was made, kept with the interval it named
-- (unit_valid_from) and its name at the time, so that a commune merged later still shows it as
-- "(xã Phù Đổng cũ)" on its successor's page. Unknown numbers and dates stay NULL ("chưa rõ").
CREATE TABLE past_recognitions (
  id               bigserial PRIMARY KEY,
  unit_code        text NOT NULL,
  unit_valid_from  date NOT NULL,
  unit_name        text NOT NULL,
  title            text NOT NULL
                   CHECK (title IN ('ntm', 'ntm_nang_cao', 'ntm_kieu_mau', 'hoan_thanh_nhiem_vu')),
  recognition_year integer CHECK (recognition_year BETWEEN 1990 AND 2100),
  decision_no      text,
  decision_date    date,
  ceremony_date    date,
  authority        text NOT NULL CHECK (authority IN ('ubnd_tinh', 'thu_tuong')),
  signer           text,
  criteria_set     text,
  framework_id     text,
  sources          text[] NOT NULL DEFAULT '{}',
  note             text,
  recorded_by      text NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
-- One title per unit interval and year (a year not known counts once).
CREATE UNIQUE INDEX past_recognitions_once_idx
  ON past_recognitions (unit_code, unit_valid_from, title, coalesce(recognition_year, 0));
