//! `limber remind set --at HH:MM [--days mon,wed,fri] | show | off`: the
//! stretching reminder, kept in the profile and written to calendars by
//! `limber export --format ics`.

use jiff::civil::Time;
use limber_core::profile::{Day, Reminder};

use crate::cli::RemindCommand;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::flag_value::{FlagError, TimeOfDayError};

fn describe(r: &Reminder) -> String {
    let days = if r.days.len() == 7 {
        "every day".to_string()
    } else {
        r.days
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} on {days}", r.at.strftime("%H:%M"))
}

fn parse_time(s: &str) -> Result<Time, FlagError> {
    let bad = |_| FlagError::new("--at", s, TimeOfDayError);
    let (h, m) = s.trim().split_once(':').ok_or(()).map_err(bad)?;
    let h: i8 = h.parse().map_err(|_| bad(()))?;
    let m: i8 = m.parse().map_err(|_| bad(()))?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad(()));
    }
    Time::new(h, m, 0, 0).map_err(|_| bad(()))
}

pub fn run(env: &Env, cmd: &RemindCommand) -> CmdResult {
    // Flags are checked before anything is opened: bad input stores nothing.
    let new = match cmd {
        RemindCommand::Set { at, days } => Some(Reminder {
            at: parse_time(at)?,
            days: Day::parse_list(days).map_err(|e| CommandError::usage(format!("--days: {e}")))?,
            since: env.now(),
        }),
        RemindCommand::Show | RemindCommand::Off => None,
    };
    let store = env.store()?;
    let mut profile = env.block_on(store.profile(env.user()))?;
    match cmd {
        RemindCommand::Show => {
            match &profile.reminder {
                Some(r) => println!("Reminder: {}.", describe(r)),
                None => println!("No reminder set: `limber remind set --at 18:00` sets one."),
            }
            return Ok(());
        }
        RemindCommand::Off => {
            if profile.reminder.take().is_none() {
                println!("No reminder was set.");
                return Ok(());
            }
            println!(
                "Reminder removed. Re-export with `limber export --format ics` to update your calendar."
            );
        }
        RemindCommand::Set { .. } => {
            let r = new.expect("parsed above");
            println!(
                "Reminder set: {}. `limber export --format ics -o limber.ics` writes it for your calendar app.",
                describe(&r)
            );
            profile.reminder = Some(r);
        }
    }
    env.block_on(store.save_profile(env.user(), &mut profile))?;
    Ok(())
}
