-- Client-made record ids, change times and tombstones (sync-ready records).
--
-- Sessions, diary entries and runs were numbered by SQLite; they are now
-- named by UUID v7 text ids that their writer makes, so a retried or synced
-- write stores once. Existing rows get a v7 id built from their own time
-- and random bits (the same shape limber makes). updated_at is when a
-- record last changed, as its writer said (epoch ms); deleted_at marks a
-- tombstone that reads skip. The profile gets a version for its write check.
--
-- SQLite cannot change a primary key in place, so each table is rebuilt:
-- runs first (they point at sessions), then sessions and diary entries.

-- Old id -> new id. Time and random parts are stored first so that each is
-- drawn once per row.
CREATE TEMP TABLE session_ids (old INTEGER PRIMARY KEY, t TEXT NOT NULL, r TEXT NOT NULL,
                               v TEXT NOT NULL, new TEXT);
INSERT INTO session_ids (old, t, r, v)
SELECT id, printf('%012x', max(started_at, 0)), lower(hex(randomblob(9))),
       substr('89ab', 1 + (abs(random()) % 4), 1)
FROM sessions;
UPDATE session_ids SET new = substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3)
                             || '-' || v || substr(r, 4, 3) || '-' || substr(r, 7, 12);

CREATE TEMP TABLE run_ids (old INTEGER PRIMARY KEY, t TEXT NOT NULL, r TEXT NOT NULL,
                           v TEXT NOT NULL, new TEXT);
INSERT INTO run_ids (old, t, r, v)
SELECT id, printf('%012x', max(start_at, 0)), lower(hex(randomblob(9))),
       substr('89ab', 1 + (abs(random()) % 4), 1)
FROM runs;
UPDATE run_ids SET new = substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3)
                         || '-' || v || substr(r, 4, 3) || '-' || substr(r, 7, 12);

CREATE TEMP TABLE pain_ids (old INTEGER PRIMARY KEY, t TEXT NOT NULL, r TEXT NOT NULL,
                            v TEXT NOT NULL, new TEXT);
INSERT INTO pain_ids (old, t, r, v)
SELECT id, printf('%012x', max(at, 0)), lower(hex(randomblob(9))),
       substr('89ab', 1 + (abs(random()) % 4), 1)
FROM pain_entries;
UPDATE pain_ids SET new = substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3)
                          || '-' || v || substr(r, 4, 3) || '-' || substr(r, 7, 12);

CREATE TABLE sessions_new (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('completed', 'partial', 'stopped')),
    after_run   INTEGER NOT NULL CHECK (after_run IN (0, 1)),
    place       TEXT NOT NULL CHECK (place IN ('floor', 'wall', 'standing')),
    program     TEXT NOT NULL,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after  INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    -- As in 0001: the holds and ratings as JSON arrays on the session row.
    steps       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps)),
    ratings     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ratings)),
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER,
    UNIQUE (id, user_id)
) STRICT;

INSERT INTO sessions_new
    (id, user_id, started_at, ended_at, status, after_run, place, program, pain_before,
     pain_after, steps, ratings, updated_at)
SELECT m.new, s.user_id, s.started_at, s.ended_at, s.status, s.after_run, s.place, s.program,
       s.pain_before, s.pain_after, s.steps, s.ratings, max(s.started_at, ifnull(s.ended_at, 0))
FROM sessions s JOIN session_ids m ON m.old = s.id;

CREATE TABLE runs_new (
    id               TEXT PRIMARY KEY CHECK (length(id) = 36),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    start_at         INTEGER NOT NULL,
    end_at           INTEGER NOT NULL CHECK (end_at >= start_at),
    sport            TEXT NOT NULL CHECK (sport IN ('running', 'trail-running', 'treadmill',
                         'walking', 'hiking', 'cycling', 'swimming', 'other')),
    distance_m       REAL NOT NULL CHECK (distance_m >= 0),
    distance_source  TEXT NOT NULL CHECK (distance_source IN ('file', 'points', 'none')),
    moving_s         REAL NOT NULL CHECK (moving_s >= 0),
    elevation_gain_m REAL CHECK (elevation_gain_m >= 0),
    fingerprint      INTEGER NOT NULL,
    cooldown_session TEXT,
    updated_at       INTEGER NOT NULL,
    FOREIGN KEY (cooldown_session, user_id) REFERENCES sessions_new (id, user_id),
    UNIQUE (user_id, fingerprint)
) STRICT;

INSERT INTO runs_new
    (id, user_id, start_at, end_at, sport, distance_m, distance_source, moving_s,
     elevation_gain_m, fingerprint, cooldown_session, updated_at)
SELECT m.new, r.user_id, r.start_at, r.end_at, r.sport, r.distance_m, r.distance_source,
       r.moving_s, r.elevation_gain_m, r.fingerprint, c.new, r.end_at
FROM runs r JOIN run_ids m ON m.old = r.id LEFT JOIN session_ids c ON c.old = r.cooldown_session;

CREATE TABLE pain_entries_new (
    id         TEXT PRIMARY KEY CHECK (length(id) = 36),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         INTEGER NOT NULL,
    back       INTEGER CHECK (back BETWEEN 0 AND 10),
    leg        INTEGER CHECK (leg BETWEEN 0 AND 10),
    reach      TEXT CHECK (reach IN ('back', 'buttock', 'thigh', 'below-knee', 'foot')),
    side       TEXT CHECK (side IN ('left', 'right', 'both')),
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
     updated_at)
SELECT m.new, p.user_id, p.at, p.back, p.leg, p.reach, p.side, p.qualities, p.weakness,
       p.stiffness, p.morning, p.note, p.at
FROM pain_entries p JOIN pain_ids m ON m.old = p.id;

-- Nothing points at the old tables once runs is gone. Renaming
-- sessions_new also renames runs_new's reference to it.
DROP TABLE runs;
DROP TABLE sessions;
DROP TABLE pain_entries;
ALTER TABLE sessions_new RENAME TO sessions;
ALTER TABLE runs_new RENAME TO runs;
ALTER TABLE pain_entries_new RENAME TO pain_entries;

DROP TABLE temp.session_ids;
DROP TABLE temp.run_ids;
DROP TABLE temp.pain_ids;

-- Newest-first pages and `since` reads walk these (id breaks ties).
CREATE INDEX sessions_user_started ON sessions (user_id, started_at, id);
CREATE INDEX pain_entries_user_at ON pain_entries (user_id, at, id);
CREATE INDEX runs_user_start ON runs (user_id, start_at);

ALTER TABLE profiles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
