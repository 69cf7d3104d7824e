-- limber's embedded schema.
--
-- Times are INTEGER epoch milliseconds (UTC). Enum columns hold the serde
-- names of limber-core's types (see src/names.rs), never Debug output. Every
-- table carries user_id and every query filters by it, even in single-user
-- mode, where the only user is 1.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000)
) STRICT;

-- The local user of single-user mode; other users are created on first write.
INSERT INTO users (id) VALUES (1);

CREATE TABLE screens (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    taken_at        INTEGER NOT NULL,
    -- {"question-key": true|false, ...}
    answers         TEXT NOT NULL CHECK (json_valid(answers)),
    acknowledged_at INTEGER
) STRICT;

CREATE INDEX screens_user_taken ON screens (user_id, taken_at);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('completed', 'partial', 'stopped')),
    after_run   INTEGER NOT NULL CHECK (after_run IN (0, 1)),
    place       TEXT NOT NULL CHECK (place IN ('floor', 'wall', 'standing')),
    program     TEXT NOT NULL,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after  INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    -- The holds, in the order they ended: a JSON array of
    -- [exercise, side, rep, outcome, reason, at] arrays, one appended per hold.
    -- They live on the session row, not a row per hold, because a session is
    -- only ever read whole, and reading ten years of sessions must stay one
    -- pass over one table (`limber stats`; see `sessions()` in src/lib.rs).
    steps       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps)),
    -- "Pain now" ratings taken during the session: [after_exercise, pain, at].
    ratings     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ratings)),
    UNIQUE (id, user_id)
) STRICT;

CREATE INDEX sessions_user_started ON sessions (user_id, started_at);

CREATE TABLE pain_entries (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    at        INTEGER NOT NULL,
    back      INTEGER CHECK (back BETWEEN 0 AND 10),
    leg       INTEGER CHECK (leg BETWEEN 0 AND 10),
    reach     TEXT CHECK (reach IN ('back', 'buttock', 'thigh', 'below-knee', 'foot')),
    side      TEXT CHECK (side IN ('left', 'right', 'both')),
    -- Comma-separated quality names in the order given, '' for none.
    qualities TEXT NOT NULL DEFAULT '',
    weakness  INTEGER NOT NULL CHECK (weakness IN (0, 1)),
    stiffness INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    morning   INTEGER NOT NULL CHECK (morning IN (0, 1)),
    note      TEXT
) STRICT;

CREATE INDEX pain_entries_user_at ON pain_entries (user_id, at);

-- limber_core::profile::Profile as JSON: it changes shape often and is read whole.
CREATE TABLE profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    json    TEXT NOT NULL CHECK (json_valid(json))
) STRICT;
