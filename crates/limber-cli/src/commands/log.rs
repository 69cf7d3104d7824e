//! `limber log`: a diary entry, from flags or an interactive form.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use limber_app::pain_log::{self, EntryError, NewSymptom};
use limber_core::diary::{BodySide, PainEntry, PainEntryId, Quality, Reach};
use limber_core::wording;

use crate::cli::{LogArgs, QualityArg, ReachArg, SideArg};
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::flag_value::{AtError, FlagError};
use crate::known::load_error;
use crate::prompt;

pub fn run(env: &Env, args: &LogArgs) -> CmdResult {
    let no_flags = args.back.is_none()
        && args.leg.is_none()
        && args.reach.is_none()
        && args.side.is_none()
        && args.quality.is_empty()
        && !args.weakness
        && args.stiffness.is_none()
        && !args.morning
        && args.note.is_none()
        && args.at.is_none();
    let entry = if no_flags && prompt::interactive() {
        form(env)?
    } else {
        from_flags(env, args)?
    };
    env.pin_timezone()?;
    let logged = env
        .block_on(pain_log::log(
            env.store()?,
            env.user(),
            &env.catalog,
            &entry,
            env.now(),
        ))
        .map_err(load_error)?;
    println!("Saved.");
    if !logged.new_symptoms.is_empty() {
        let named: Vec<&str> = logged
            .new_symptoms
            .iter()
            .map(|s| symptom_words(*s))
            .collect();
        println!(
            "\nYou noted {}. Please answer the safety questions again before your next session: `limber screen`.",
            named.join(" and ")
        );
        if logged.emergency {
            println!("\n{}", wording::EMERGENCY);
        }
    }
    if let Some(why) = logged.diary_pause {
        println!(
            "\nYour program is paused: {why}\nWhen you have, `limber screen --acknowledge` lets you continue."
        );
    }
    Ok(())
}

fn symptom_words(symptom: NewSymptom) -> &'static str {
    match symptom {
        NewSymptom::Numbness => "new numbness",
        NewSymptom::Tingling => "new tingling",
        NewSymptom::Weakness => "new weakness",
        NewSymptom::BothLegs => "symptoms in both legs",
        NewSymptom::SpreadingFurther => "symptoms reaching further down the leg",
    }
}

fn from_flags(env: &Env, args: &LogArgs) -> CmdResult<PainEntry> {
    let mut qualities: Vec<Quality> = args.quality.iter().map(|q| quality(*q)).collect();
    qualities.sort();
    qualities.dedup();
    let mut entry = PainEntry {
        id: PainEntryId::at(env.now()),
        at: env.now(),
        back: args.back,
        leg: args.leg,
        reach: args.reach.map(reach),
        side: args.side.map(side),
        qualities,
        weakness: args.weakness,
        stiffness: args.stiffness,
        morning: args.morning,
        note: args.note.clone(),
    };
    // The rules are limber-app's; the words name the flags. Checked before
    // the store is opened, so a refused entry leaves no trace.
    pain_log::check(&entry).map_err(|e| {
        CommandError::usage(match e {
            EntryError::NoScore => {
                "give at least one of --back N or --leg N (pain 0–10)".to_string()
            }
            EntryError::EmptyNote => {
                "--note is empty: write the note, or leave --note out".to_string()
            }
            EntryError::LongNote => {
                format!("--note is longer than {} characters", pain_log::MAX_NOTE)
            }
            e => e.to_string(),
        })
    })?;
    let tz = env.tz()?;
    if let Some(raw) = &args.at {
        entry.at = parse_at(raw, &tz, env.now())?;
        entry.id = PainEntryId::at(entry.at);
    }
    Ok(entry)
}

/// RFC 3339 (`2026-11-26T07:30:00Z`), or a civil time in the user's zone
/// (`2026-11-26 07:30`, `2026-11-26T07:30`). Never in the future.
pub fn parse_at(raw: &str, tz: &TimeZone, now: Timestamp) -> CmdResult<Timestamp> {
    let bad = |e: AtError| FlagError::new("--at", raw, e);
    let at = raw
        .parse::<Timestamp>()
        .ok()
        .or_else(|| {
            let civil = raw.trim().replacen(' ', "T", 1).parse::<DateTime>().ok()?;
            civil
                .to_zoned_datetime(tz.clone())
                .ok()
                .map(|z| z.timestamp())
        })
        .ok_or_else(|| {
            // A well-formed date past what limber can represent (year 9999)
            // is still just in the future, not a malformed time.
            match raw.trim().get(..10).and_then(|d| d.parse::<Date>().ok()) {
                Some(date) if date > tz.to_datetime(now).date() => {
                    bad(pain_log::AtError::Future.into())
                }
                _ => bad(AtError::NotATime),
            }
        })?;
    pain_log::check_at(at, now, pain_log::TYPED_AHEAD).map_err(|e| bad(e.into()))?;
    Ok(at)
}

fn quality(q: QualityArg) -> Quality {
    match q {
        QualityArg::Electric => Quality::Electric,
        QualityArg::Burning => Quality::Burning,
        QualityArg::Numbness => Quality::Numbness,
        QualityArg::Tingling => Quality::Tingling,
        QualityArg::Ache => Quality::Ache,
    }
}

fn reach(r: ReachArg) -> Reach {
    match r {
        ReachArg::Back => Reach::Back,
        ReachArg::Buttock => Reach::Buttock,
        ReachArg::Thigh => Reach::Thigh,
        ReachArg::BelowKnee => Reach::BelowKnee,
        ReachArg::Foot => Reach::Foot,
    }
}

fn side(s: SideArg) -> BodySide {
    match s {
        SideArg::Left => BodySide::Left,
        SideArg::Right => BodySide::Right,
        SideArg::Both => BodySide::Both,
    }
}

/// The interactive form: every field optional except one pain score.
fn form(env: &Env) -> CmdResult<PainEntry> {
    println!("How are you now? (Enter skips a question.)");
    let (back, leg) = loop {
        let back = prompt::score("Back pain")?;
        let leg = prompt::score("Leg pain")?;
        if back.is_some() || leg.is_some() {
            break (back, leg);
        }
        println!("Please give at least one of back or leg pain.");
    };
    let reach = prompt::choice(
        "How far down do symptoms reach?",
        &Reach::ALL
            .iter()
            .map(|&r| (r.as_str(), r))
            .collect::<Vec<_>>(),
    )?;
    let side = prompt::choice(
        "Which side?",
        &[
            ("left", BodySide::Left),
            ("right", BodySide::Right),
            ("both", BodySide::Both),
        ],
    )?;
    let mut qualities = Vec::new();
    for q in [
        Quality::Electric,
        Quality::Burning,
        Quality::Numbness,
        Quality::Tingling,
        Quality::Ache,
    ] {
        if prompt::yes_no(&format!("Any {}?", q.as_str()))? {
            qualities.push(q);
        }
    }
    let weakness = prompt::yes_no("Any weakness in the leg or foot?")?;
    Ok(PainEntry {
        id: PainEntryId::at(env.now()),
        at: env.now(),
        back,
        leg,
        reach,
        side,
        qualities,
        weakness,
        stiffness: None,
        morning: false,
        note: None,
    })
}
