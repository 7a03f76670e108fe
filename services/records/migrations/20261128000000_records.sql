-- Up Migration

-- The records service's tables. Every row written while applying a filing is a pure function of the
-- filings applied so far (ids and 基礎年金番号 are derived from filing ids, dates from the filings),
-- so replaying intake.filing into a fresh database gives the same rows. Only reads (audit_log) and
-- staff decisions carry wall-clock times.

CREATE TABLE persons (
  person_id          text PRIMARY KEY,                   -- opaque, never a personal identifier
  pension_number     char(10) NOT NULL UNIQUE,           -- 基礎年金番号
  my_number_hash     char(64) UNIQUE,                    -- HMAC-SHA256 of the 個人番号 (lookup)
  my_number_cipher   text,                               -- AES-256-GCM ciphertext (v1.…)
  name_kana          text NOT NULL,                      -- 半角カナ as filed
  name_kanji         text,
  kana_key           text NOT NULL,                      -- kanaNameKey(name_kana)
  birth_date         date NOT NULL,
  sex                char(1) CHECK (sex IN ('1', '2')),  -- 1 男 2 女; null when no filing said
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
  merged_into        text REFERENCES persons (person_id),
  created_by_filing  uuid NOT NULL,
  created_on         date NOT NULL
);
CREATE INDEX persons_kana_birth ON persons (kana_key, birth_date);
CREATE INDEX persons_birth ON persons (birth_date);

CREATE TABLE employers (
  office_code        text PRIMARY KEY,                   -- 事業所整理記号 canonical 21-01-ｹｲﾄ
  office_number      text,                               -- 事業所番号
  first_filing       uuid NOT NULL,
  first_seen_on      date NOT NULL
);

CREATE TABLE enrolments (
  enrolment_id       text PRIMARY KEY,
  person_id          text NOT NULL REFERENCES persons (person_id),
  scheme             text NOT NULL CHECK (scheme IN ('kosei', 'kokumin')),
  category           smallint NOT NULL CHECK (category IN (1, 2, 3)),  -- 国民年金 第1/2/3号 (厚年 = 2)
  office_code        text REFERENCES employers (office_code),
  insured_number     text,                               -- 被保険者整理番号
  acquired_on        date NOT NULL,                      -- 資格取得日
  lost_on            date,                               -- 喪失日 (first day not insured)
  loss_cause         text,
  acquired_filing    uuid NOT NULL,
  lost_filing        uuid,
  CHECK (lost_on IS NULL OR lost_on > acquired_on),
  CHECK ((scheme = 'kosei') = (office_code IS NOT NULL))
);
CREATE INDEX enrolments_person ON enrolments (person_id);
CREATE INDEX enrolments_office ON enrolments (office_code, insured_number);

-- 標準報酬月額 history: the row with the latest effective_from ≤ a date is in force on it.
CREATE TABLE standard_remunerations (
  enrolment_id       text NOT NULL REFERENCES enrolments (enrolment_id),
  effective_from     date NOT NULL,
  person_id          text NOT NULL REFERENCES persons (person_id),
  kind               text NOT NULL CHECK (kind IN ('acquisition', 'teiji', 'kept', 'zuiji')),
  grade              integer NOT NULL,
  standard           integer NOT NULL,
  kenpo_grade        integer,
  kenpo_standard     integer,
  monthly_pay        integer,
  filing_id          uuid NOT NULL,
  PRIMARY KEY (enrolment_id, effective_from)
);
CREATE INDEX standard_remunerations_person ON standard_remunerations (person_id);

CREATE TABLE bonus_payments (
  filing_id          uuid PRIMARY KEY,
  enrolment_id       text NOT NULL REFERENCES enrolments (enrolment_id),
  person_id          text NOT NULL REFERENCES persons (person_id),
  paid_on            date NOT NULL,
  cash               integer NOT NULL,
  in_kind            integer NOT NULL,
  UNIQUE (enrolment_id, paid_on)
);
-- 標準賞与額 per month (bonuses of one month are summed), recomputed on every payment of the month.
CREATE TABLE standard_bonuses (
  enrolment_id       text NOT NULL REFERENCES enrolments (enrolment_id),
  month              char(7) NOT NULL,
  person_id          text NOT NULL REFERENCES persons (person_id),
  amount             integer NOT NULL,
  kosei              integer NOT NULL,
  kosei_capped       boolean NOT NULL,
  kenpo              integer NOT NULL,
  kenpo_capped       boolean NOT NULL,
  kenpo_cumulative   integer NOT NULL,
  PRIMARY KEY (enrolment_id, month)
);
CREATE INDEX standard_bonuses_person ON standard_bonuses (person_id);

-- 被扶養者 and 第3号被保険者 periods (from 被扶養者（異動）届).
CREATE TABLE dependants (
  dependant_id       text PRIMARY KEY,
  insured_person_id  text NOT NULL REFERENCES persons (person_id),
  person_id          text REFERENCES persons (person_id),  -- the spouse as a 第3号 person
  relationship       text NOT NULL,
  name_kana          text,
  birth_date         date NOT NULL,
  from_date          date,
  to_date            date,
  filing_id          uuid NOT NULL
);
CREATE INDEX dependants_insured ON dependants (insured_person_id);

-- 国民年金 免除・納付猶予・学生納付特例: pending until a staff decision.
CREATE TABLE exemption_applications (
  application_id     text PRIMARY KEY,
  person_id          text NOT NULL REFERENCES persons (person_id),
  kind               text NOT NULL,  -- full, three-quarters, half, quarter, deferment, student
  period_from        char(7) NOT NULL,
  period_to          char(7) NOT NULL,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by         text,
  decided_at         timestamptz,
  filing_id          uuid NOT NULL
);
CREATE INDEX exemption_applications_person ON exemption_applications (person_id);

-- Every filing seen, with its outcome: the second idempotency layer (a filing re-emitted under a
-- new event id is reported again, never applied twice) and the basis for refusing withdrawals.
CREATE TABLE filing_outcomes (
  filing_id          uuid PRIMARY KEY,
  arrival_number     char(18) NOT NULL,
  form_code          text NOT NULL,
  subject            text NOT NULL,
  outcome            text NOT NULL CHECK (outcome IN ('applied', 'rejected', 'held', 'withdrawn')),
  identity           text,
  person_id          text,
  reason_code        text,
  result             jsonb NOT NULL,                       -- the record.filing-applied data
  received_on        date NOT NULL
);

-- Filings held for staff review (possible duplicate, or a form this version does not apply yet):
-- the accepted event data as received (マイナンバー only as hash + ciphertext).
CREATE TABLE held_filings (
  filing_id          uuid PRIMARY KEY REFERENCES filing_outcomes (filing_id),
  reason_code        text NOT NULL,
  candidates         text[] NOT NULL DEFAULT '{}',         -- person ids that may be the same person
  event_data         jsonb NOT NULL,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'withdrawn')),
  resolution         text,
  resolved_by        text,
  resolved_at        timestamptz
);

-- Who read which person's data, when and why (a person sees their own rows).
CREATE TABLE audit_log (
  audit_id           bigserial PRIMARY KEY,
  at                 timestamptz NOT NULL,
  actor_sub          text NOT NULL,
  actor_roles        text[] NOT NULL,
  actor_employer     text,
  person_id          text NOT NULL,
  action             text NOT NULL,
  purpose            text NOT NULL,
  request_id         text
);
CREATE INDEX audit_log_person ON audit_log (person_id, at);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE held_filings;
DROP TABLE filing_outcomes;
DROP TABLE exemption_applications;
DROP TABLE dependants;
DROP TABLE standard_bonuses;
DROP TABLE bonus_payments;
DROP TABLE standard_remunerations;
DROP TABLE enrolments;
DROP TABLE employers;
DROP TABLE persons;
