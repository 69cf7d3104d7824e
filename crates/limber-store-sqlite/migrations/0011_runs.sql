-- Runs (and other activities) imported from GPX, TCX and FIT files.
--
-- fingerprint is limber_core::run::Run::fingerprint(), the start minute:
-- the same run imported twice, or from two formats, is stored once (the
-- store also matches a start within 60 s of a stored run's).
-- cooldown_session is the session planned as this run's cool-down.

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
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
    cooldown_session INTEGER,
    FOREIGN KEY (cooldown_session, user_id) REFERENCES sessions (id, user_id),
    UNIQUE (user_id, fingerprint)
) STRICT;

CREATE INDEX runs_user_start ON runs (user_id, start_at);
