-- The extension stays: other objects may use it.
DROP INDEX advisors_search_trigrams;
