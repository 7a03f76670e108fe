-- Up Migration
-- Which person of the filing a hold is about (a JSON pointer into the filed body: `/insured`,
-- `/spouse`, `/applicant`; NULL = the body's own person): a 被扶養者届 names two people, and the review
-- must show staff the one whose identity is in question.
ALTER TABLE held_filings ADD COLUMN held_at text;

-- Down Migration
ALTER TABLE held_filings DROP COLUMN held_at;
