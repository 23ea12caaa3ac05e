-- Substring search over advisors' folded names: a trigram GIN index, which `LIKE '%…%'` uses
-- for patterns of three characters or more (pg_trgm is a trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX advisors_search_trigrams ON advisors USING gin (search_text gin_trgm_ops);
