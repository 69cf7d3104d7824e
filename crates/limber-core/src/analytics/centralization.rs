//! Centralization: is the furthest point symptoms reach moving back toward
//! the spine (a good sign) or further down the leg (worth a clinician's look)?
//!
//! Compares the furthest `reach` logged in the **recent** window (the last 14
//! days, today included) with the furthest in the **earlier** window (the 28
//! days before that). Each window needs at least 2 entries with a reach;
//! otherwise the status is `not-enough-data`. A bounded earlier window keeps
//! one bad month years ago from colouring today's answer.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::day_number;
use crate::diary::{PainEntry, Reach};

pub const RECENT_DAYS: i32 = 14;
pub const EARLIER_DAYS: i32 = 28;
pub const MIN_ENTRIES: usize = 2;

/// JSON: `"centralizing" | "peripheralizing" | "steady" | "not-enough-data"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CentralizationStatus {
    /// Symptoms recently reach less far down the leg.
    Centralizing,
    /// Symptoms recently reach further down the leg.
    Peripheralizing,
    Steady,
    NotEnoughData,
}

/// JSON: `status`, `recent` and `earlier` (furthest reach in each window, e.g.
/// "below-knee", or null), `recent_entries`, `earlier_entries`, `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Centralization {
    pub status: CentralizationStatus,
    pub recent: Option<Reach>,
    pub earlier: Option<Reach>,
    pub recent_entries: usize,
    pub earlier_entries: usize,
    pub message: String,
}

pub fn centralization(entries: &[PainEntry], tz: &TimeZone, today: Date) -> Centralization {
    let t = day_number(today);
    let (mut recent, mut earlier) = (None::<Reach>, None::<Reach>);
    let (mut nr, mut ne) = (0usize, 0usize);
    for e in entries {
        let Some(reach) = e.reach else { continue };
        let ago = t - day_number(tz.to_datetime(e.at).date());
        if (0..RECENT_DAYS).contains(&ago) {
            nr += 1;
            recent = recent.max(Some(reach));
        } else if (RECENT_DAYS..RECENT_DAYS + EARLIER_DAYS).contains(&ago) {
            ne += 1;
            earlier = earlier.max(Some(reach));
        }
    }
    let name = |r: Reach| match r {
        Reach::Back => "the back",
        Reach::Buttock => "the buttock",
        Reach::Thigh => "the thigh",
        Reach::BelowKnee => "below the knee",
        Reach::Foot => "the foot",
    };
    let (status, message) = match (recent, earlier) {
        (Some(r), Some(e)) if nr >= MIN_ENTRIES && ne >= MIN_ENTRIES => {
            if r < e {
                (
                    CentralizationStatus::Centralizing,
                    format!(
                        "over the last {RECENT_DAYS} days your symptoms have reached as far as {}, less far than before ({}). Symptoms moving back toward the spine is usually a good sign.",
                        name(r),
                        name(e)
                    ),
                )
            } else if r > e {
                (
                    CentralizationStatus::Peripheralizing,
                    format!(
                        "over the last {RECENT_DAYS} days your symptoms have reached as far as {}, further down the leg than before ({}). Please check this with a clinician (physio or GP), and stop any stretch that makes symptoms spread.",
                        name(r),
                        name(e)
                    ),
                )
            } else {
                (
                    CentralizationStatus::Steady,
                    format!(
                        "your symptoms reach about as far as before (as far as {})",
                        name(r)
                    ),
                )
            }
        }
        _ => (
            CentralizationStatus::NotEnoughData,
            format!(
                "not enough entries with how far symptoms reach: needs {MIN_ENTRIES} in the last {RECENT_DAYS} days and {MIN_ENTRIES} in the {EARLIER_DAYS} days before"
            ),
        ),
    };
    Centralization {
        status,
        recent,
        earlier,
        recent_entries: nr,
        earlier_entries: ne,
        message,
    }
}
