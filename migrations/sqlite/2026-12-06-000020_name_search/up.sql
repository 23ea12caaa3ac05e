-- Substring search over advisors' folded names (`advisors.search_text`) through a trigram
-- index: an FTS5 table reading its text from `advisors` (external content, nothing stored
-- twice), kept by the triggers below. Derived data: `parcours copy-data` does not carry it, the
-- target's triggers rebuild it as the advisors arrive.
CREATE VIRTUAL TABLE advisor_names USING fts5(
    search_text,
    content = 'advisors',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO advisor_names (advisor_names) VALUES ('rebuild');

CREATE TRIGGER advisor_names_insert AFTER INSERT ON advisors BEGIN
    INSERT INTO advisor_names (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER advisor_names_delete AFTER DELETE ON advisors BEGIN
    INSERT INTO advisor_names (advisor_names, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER advisor_names_update AFTER UPDATE OF search_text ON advisors BEGIN
    INSERT INTO advisor_names (advisor_names, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO advisor_names (rowid, search_text) VALUES (new.id, new.search_text);
END;
