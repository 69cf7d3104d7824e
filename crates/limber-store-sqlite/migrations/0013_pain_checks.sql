-- The diary's allowed words checked without a lookup table per row.
--
-- SQLite evaluates `x IN (a, b, c)` over three or more constants by
-- building a temporary index of the list, and a CHECK constraint's list is
-- built again for every row inserted: the reach and side checks were a
-- third of the cost of storing a diary entry, the busiest write a server
-- makes. The same rules as comparisons joined by OR build nothing. Two-value
-- lists (weakness, morning) are already compared directly.
--
-- SQLite cannot change a constraint in place, so the table is rebuilt with
-- the same columns, rows and index. Nothing points at it.

CREATE TABLE pain_entries_new (
    id         TEXT PRIMARY KEY CHECK (length(id) = 36),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         INTEGER NOT NULL,
    back       INTEGER CHECK (back BETWEEN 0 AND 10),
    leg        INTEGER CHECK (leg BETWEEN 0 AND 10),
    reach      TEXT CHECK (reach = 'back' OR reach = 'buttock' OR reach = 'thigh'
                           OR reach = 'below-knee' OR reach = 'foot'),
    side       TEXT CHECK (side = 'left' OR side = 'right' OR side = 'both'),
    -- Comma-separated quality names in the order given, '' for none.
    qualities  TEXT NOT NULL DEFAULT '',
    weakness   INTEGER NOT NULL CHECK (weakness IN (0, 1)),
    stiffness  INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    morning    INTEGER NOT NULL CHECK (morning IN (0, 1)),
    note       TEXT,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT;

INSERT INTO pain_entries_new
    (id, user_id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note,
     updated_at, deleted_at)
SELECT id, user_id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note,
       updated_at, deleted_at
FROM pain_entries;

DROP TABLE pain_entries;
ALTER TABLE pain_entries_new RENAME TO pain_entries;

-- Newest-first pages and `since` reads walk it (id breaks ties).
CREATE INDEX pain_entries_user_at ON pain_entries (user_id, at, id);
