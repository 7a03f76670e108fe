-- Up Migration

-- 被扶養者（異動）届 and 国民年金 applications applied (the tables of 20261128000000 stay as they are;
-- this adds what applying them needs). Every row is still a function of the filings, except the staff
-- decision columns of exemption_applications (who and when), as for held_filings.

-- dependants: one row per dependant period (該当 → 非該当). The spouse row links the 第3号 person and
-- the category-3 enrolment it opened; other dependants are matched by kana key + birth date (+ the
-- マイナンバー hash when filed; the number itself only as ciphertext).
ALTER TABLE dependants
  ADD COLUMN kana_key          text,
  ADD COLUMN name_kanji        text,
  ADD COLUMN sex               char(1) CHECK (sex IN ('1', '2')),
  ADD COLUMN my_number_hash    char(64),
  ADD COLUMN my_number_cipher  text,
  ADD COLUMN enrolment_id      text REFERENCES enrolments (enrolment_id),
  ADD COLUMN ceased_reason     text,
  ADD COLUMN ceased_filing     uuid,
  ADD COLUMN changed_filing    uuid;
CREATE INDEX dependants_person ON dependants (person_id);

-- exemption_applications: the application's own reason and date, and the staff decision's reason.
ALTER TABLE exemption_applications
  ADD COLUMN reason            text,
  ADD COLUMN filed_on          date,
  ADD COLUMN decision_reason   text;
CREATE INDEX exemption_applications_status ON exemption_applications (status, filed_on);

-- 付加保険料 納付申出／辞退 and 口座振替 納付申出／辞退: one row per filing; the latest row per person and
-- kind (by from_month, then arrival) is in force.
CREATE TABLE kokumin_elections (
  filing_id          uuid PRIMARY KEY,
  person_id          text NOT NULL REFERENCES persons (person_id),
  kind               text NOT NULL CHECK (kind IN ('fuka', 'koza')),
  action             text NOT NULL CHECK (action IN ('apply', 'withdraw')),
  from_month         char(7) NOT NULL,
  debit_cycle        text,
  account            jsonb,               -- 振替口座 as filed (口座振替 申出 only)
  arrival_number     char(18) NOT NULL
);
CREATE INDEX kokumin_elections_person ON kokumin_elections (person_id, kind, from_month);

-- Down Migration
DROP TABLE kokumin_elections;
DROP INDEX exemption_applications_status;
ALTER TABLE exemption_applications DROP COLUMN reason, DROP COLUMN filed_on, DROP COLUMN decision_reason;
DROP INDEX dependants_person;
ALTER TABLE dependants
  DROP COLUMN kana_key, DROP COLUMN name_kanji, DROP COLUMN sex, DROP COLUMN my_number_hash, DROP COLUMN my_number_cipher,
  DROP COLUMN enrolment_id, DROP COLUMN ceased_reason, DROP COLUMN ceased_filing, DROP COLUMN changed_filing;
