//! Ids of stored records, made by the client that makes the record.
//!
//! A session, a diary entry or a run is named before it is written, so a
//! write that is retried (a dropped connection) or synced from another
//! device names the same record and is stored once. The ids are UUID v7:
//! they start with the record's own time, so they sort roughly by time and
//! say nothing else about the user.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        /// JSON: the UUID as a lowercase hyphenated string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id for a record made at `at`: its first 48 bits are
            /// `at` in milliseconds, the rest random.
            pub fn at(at: Timestamp) -> Self {
                Self(v7(at))
            }

            /// A fixed id, for fixtures and tests that name records by number.
            pub const fn from_u128(n: u128) -> Self {
                Self(Uuid::from_u128(n))
            }

            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

record_id!(
    /// Identifies a guided session.
    SessionId
);
record_id!(
    /// Identifies a diary entry.
    PainEntryId
);
record_id!(
    /// Identifies an imported run.
    RunId
);

/// A UUID v7 for the instant `at` (instants before 1970 take the epoch).
fn v7(at: Timestamp) -> Uuid {
    let secs = u64::try_from(at.as_second()).unwrap_or(0);
    let nanos = u32::try_from(at.subsec_nanosecond()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_starts_with_its_time_and_is_unique() {
        let at: Timestamp = "2026-11-26T07:30:00.123Z".parse().unwrap();
        let a = SessionId::at(at);
        let b = SessionId::at(at);
        assert_ne!(a, b);
        let (secs, nanos) = a.as_uuid().get_timestamp().unwrap().to_unix();
        assert_eq!((secs, nanos / 1_000_000), (1_795_678_200, 123));
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn text_and_json_round_trip() {
        let id = PainEntryId::at(Timestamp::UNIX_EPOCH);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.parse::<PainEntryId>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<PainEntryId>(&json).unwrap(), id);
        assert!("12".parse::<RunId>().is_err());
    }
}
