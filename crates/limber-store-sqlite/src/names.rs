//! Enum <-> text for the database: always the types' serde names (what the
//! JSON API and backups use too), never `Debug` output. The names come from
//! the core types' `strum` derives, which follow their serde renames; the
//! test below holds the two together for every stored type.

use limber_core::diary::Quality;

/// The stored name of `value`.
pub(crate) fn name<T: Into<&'static str>>(value: T) -> &'static str {
    value.into()
}

/// Qualities as stored: comma-separated names in the given order.
pub(crate) fn join_qualities(qualities: &[Quality]) -> String {
    let mut out = String::new();
    for (i, q) in qualities.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(name(*q));
    }
    out
}

/// The stored qualities, or the first unknown name.
pub(crate) fn split_qualities(text: &str) -> Result<Vec<Quality>, &str> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|name| name.parse().map_err(|_| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use limber_core::Side;
    use limber_core::diary::{BodySide, Outcome, Place, Reach, SessionStatus};
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use strum::VariantArray;

    use super::*;

    /// Every variant's stored name is its serde name, and reads back.
    fn round_trips<T>()
    where
        T: VariantArray
            + Copy
            + PartialEq
            + std::fmt::Debug
            + Serialize
            + DeserializeOwned
            + Into<&'static str>,
        &'static str: TryInto<T>,
    {
        for &v in T::VARIANTS {
            let stored = name(v);
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::String(stored.into()),
                "{v:?}"
            );
            assert_eq!(stored.try_into().ok(), Some(v));
        }
        let nope: Result<T, _> = "Nope".try_into();
        assert!(nope.is_err());
    }

    #[test]
    fn every_name_is_the_serde_name_and_round_trips() {
        round_trips::<SessionStatus>();
        round_trips::<Outcome>();
        round_trips::<Side>();
        round_trips::<BodySide>();
        round_trips::<Reach>();
        round_trips::<Quality>();
        assert_eq!(name(Reach::BelowKnee), "below-knee");
        assert_eq!(name(SessionStatus::Partial), "partial");
        // Place parses through its own FromStr (a typed error for the CLI).
        for &p in Place::VARIANTS {
            assert_eq!(name(p).parse::<Place>().ok(), Some(p));
        }
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
