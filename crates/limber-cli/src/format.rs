//! Small text helpers shared by the human-readable outputs.

use std::time::Duration;

use limber_core::catalog::{Provenance, Sourced};

/// "2 min 30 s", "45 s", "6 min".
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64().round() as u64;
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Where a dose value came from, in words a user reads.
pub fn provenance(p: Provenance) -> &'static str {
    match p {
        Provenance::Seed => "from the seed post",
        Provenance::Default => "limber default",
        Provenance::Program => "set by your program",
    }
}

pub fn sourced<T: std::fmt::Display>(s: &Sourced<T>) -> String {
    format!("{} ({})", s.value, provenance(s.source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::from_secs(45)), "45 s");
        assert_eq!(duration(Duration::from_secs(150)), "2 min 30 s");
        assert_eq!(duration(Duration::from_secs(360)), "6 min");
    }
}
