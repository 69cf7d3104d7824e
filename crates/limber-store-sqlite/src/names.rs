//! Enum <-> text for the database: always the types' serde names (what the
//! JSON API and backups use too), never `Debug` output.
//!
//! Names are taken from serde once per type and kept in a small table, so the
//! hot paths (tens of thousands of step rows) compare strings instead of
//! running a JSON parser per column.

use std::sync::OnceLock;

use limber_core::Side;
use limber_core::diary::{BodySide, Outcome, Place, Quality, Reach, SessionStatus};
use serde::Serialize;

pub(crate) struct Names<T: 'static> {
    all: &'static [T],
    table: OnceLock<Vec<(String, T)>>,
}

impl<T: Copy + PartialEq + Serialize> Names<T> {
    const fn new(all: &'static [T]) -> Self {
        Self {
            all,
            table: OnceLock::new(),
        }
    }

    fn table(&self) -> &[(String, T)] {
        self.table.get_or_init(|| {
            self.all
                .iter()
                .map(|v| match serde_json::to_value(v) {
                    Ok(serde_json::Value::String(name)) => (name, *v),
                    other => unreachable!("a unit variant serializes to a string, got {other:?}"),
                })
                .collect()
        })
    }

    /// The stored name of `value`.
    pub(crate) fn name(&self, value: T) -> &str {
        self.table()
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(name, _)| name.as_str())
            .expect("every variant is listed in its names table")
    }

    /// The value stored as `name`, if it is one.
    pub(crate) fn parse(&self, name: &str) -> Option<T> {
        self.table()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}

// Each table lists every variant; the `exhaustive` guards below stop the build
// when a variant is added without being listed here (and in the migration's
// CHECK constraints).
pub(crate) static STATUS: Names<SessionStatus> = Names::new(&[
    SessionStatus::Completed,
    SessionStatus::Partial,
    SessionStatus::Stopped,
]);
pub(crate) static OUTCOME: Names<Outcome> =
    Names::new(&[Outcome::Done, Outcome::Skipped, Outcome::Stopped]);
pub(crate) static PLACE: Names<Place> = Names::new(&[Place::Floor, Place::Wall, Place::Standing]);
pub(crate) static SIDE: Names<Side> = Names::new(&[Side::Left, Side::Right]);
pub(crate) static BODY_SIDE: Names<BodySide> =
    Names::new(&[BodySide::Left, BodySide::Right, BodySide::Both]);
pub(crate) static REACH: Names<Reach> = Names::new(&Reach::ALL);
pub(crate) static QUALITY: Names<Quality> = Names::new(&[
    Quality::Electric,
    Quality::Burning,
    Quality::Numbness,
    Quality::Tingling,
    Quality::Ache,
]);

#[allow(dead_code)]
fn exhaustive(
    s: SessionStatus,
    o: Outcome,
    p: Place,
    side: Side,
    b: BodySide,
    r: Reach,
    q: Quality,
) {
    use {BodySide as B, Outcome as O, Place as P, Quality as Q, Reach as R, SessionStatus as S};
    match s {
        S::Completed | S::Partial | S::Stopped => {}
    }
    match o {
        O::Done | O::Skipped | O::Stopped => {}
    }
    match p {
        P::Floor | P::Wall | P::Standing => {}
    }
    match side {
        Side::Left | Side::Right => {}
    }
    match b {
        B::Left | B::Right | B::Both => {}
    }
    match r {
        R::Back | R::Buttock | R::Thigh | R::BelowKnee | R::Foot => {}
    }
    match q {
        Q::Electric | Q::Burning | Q::Numbness | Q::Tingling | Q::Ache => {}
    }
}

/// Qualities as stored: comma-separated names in the given order.
pub(crate) fn join_qualities(qualities: &[Quality]) -> String {
    let mut out = String::new();
    for (i, q) in qualities.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(QUALITY.name(*q));
    }
    out
}

/// The stored qualities, or the first unknown name.
pub(crate) fn split_qualities(text: &str) -> Result<Vec<Quality>, &str> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|name| QUALITY.parse(name).ok_or(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    fn round_trips<T>(names: &Names<T>)
    where
        T: Copy + PartialEq + Serialize + DeserializeOwned + std::fmt::Debug,
    {
        for v in names.all {
            let name = names.name(*v);
            assert_eq!(names.parse(name), Some(*v));
            let from_serde: T = serde_json::from_value(serde_json::Value::String(name.into()))
                .expect("stored names are serde names");
            assert_eq!(from_serde, *v);
        }
        assert_eq!(names.parse("Nope"), None);
    }

    #[test]
    fn every_name_is_the_serde_name_and_round_trips() {
        round_trips(&STATUS);
        round_trips(&OUTCOME);
        round_trips(&PLACE);
        round_trips(&SIDE);
        round_trips(&BODY_SIDE);
        round_trips(&REACH);
        round_trips(&QUALITY);
        assert_eq!(REACH.name(Reach::BelowKnee), "below-knee");
        assert_eq!(STATUS.name(SessionStatus::Partial), "partial");
    }

    #[test]
    fn qualities_join_and_split() {
        let qs = vec![Quality::Tingling, Quality::Electric];
        assert_eq!(join_qualities(&qs), "tingling,electric");
        assert_eq!(split_qualities("tingling,electric"), Ok(qs));
        assert_eq!(split_qualities(""), Ok(vec![]));
        assert_eq!(split_qualities("ache,zap"), Err("zap"));
    }
}
