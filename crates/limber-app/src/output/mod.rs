//! The documented shapes of limber's JSON output: `limber … --json` today,
//! the web API next. Each type is built `From` the core or application
//! values and owns its field names, so a refactor of a core struct cannot
//! silently change what a script or a browser reads: a changed core type
//! stops compiling here, where the contract is decided. Field names and
//! orders are those the CLI printed before these types existed; the CLI
//! tests pin each whole output with a snapshot.
//!
//! Conventions: times are RFC 3339 UTC strings (`2026-11-26T09:00:00Z`),
//! dates `YYYY-MM-DD`, enum values kebab-case strings, pain scores whole
//! numbers 0–10, a missing value `null`, never an absent key.

mod common;
pub mod exercises;
pub mod history;
pub mod plan;
pub mod runs;
pub mod screen;
pub mod stats;
pub mod trial;

pub use common::{Interval, Provenance, Side, Sourced, Summary};
pub use exercises::ExerciseOutput;
pub use history::HistoryItem;
pub use plan::PlanOutput;
pub use runs::RunOutput;
pub use screen::QuestionOutput;
pub use stats::StatsOutput;
pub use trial::TrialReportOutput;

/// An output enum mirroring a core enum value by value, with the same JSON
/// names, and the exhaustive `From`s (both ways, for the web API's inputs)
/// that make a new core value a compile error here rather than a silent new
/// string in the output.
macro_rules! mirror_enum {
    (
        $(#[$meta:meta])*
        $name:ident from $core:ty { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                type Core = $core;
                match value {
                    $(Core::$variant => Self::$variant),+
                }
            }
        }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                type Core = $core;
                match value {
                    $($name::$variant => Core::$variant),+
                }
            }
        }
    };
}
pub(crate) use mirror_enum;
