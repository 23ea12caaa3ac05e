-- An advisor's birth name beside today's `last_name`, which is the usage name. NULL when the
-- two are the same. The procès-verbal, the fiche individuelle and the livret show both; exports
-- for the ministry use the birth name; every other page and document the usage name.
ALTER TABLE advisors ADD COLUMN birth_name TEXT;
