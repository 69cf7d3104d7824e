//! The engine's side of the player-equivalence test: reads JSON on stdin
//! and prints the engine's answer as JSON on stdout, for a user with no
//! records and the default program.
//!
//! `replay script`: stdin is a plan (`{"context": "after-run", "where":
//! "floor", "minutes": 10, "get_ready": 5}`, every field optional); prints
//! the session script the page's player runs.
//!
//! `replay` (or `replay log`): stdin is one log `{"plan": {..}, "pain_before": 2,
//! "events": [{"at_ms": 7000, "type": "spreading"}], "ended_at_ms": 9000}`
//! or an array of them; prints the steps, stops, ratings and status the
//! engine records for each (an array for an array).
//!
//! Exit 2 with the message on stderr for input the engine refuses.

use std::io::Read;
use std::process::ExitCode;

use limber_app::replay::{FreshReplay, fresh_replay, fresh_script};
use limber_app::session_script::PlanInputs;
use limber_core::Catalog;

fn main() -> ExitCode {
    match run() {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("replay: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String, String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("stdin: {e}"))?;
    let catalog = Catalog::builtin();
    let mode = std::env::args().nth(1).unwrap_or_else(|| "log".into());
    let value: serde_json::Value =
        serde_json::from_str(&input).map_err(|e| format!("stdin is not JSON: {e}"))?;
    let out = match mode.as_str() {
        "script" => {
            let plan: PlanInputs = serde_json::from_value(value).map_err(|e| e.to_string())?;
            serde_json::to_value(fresh_script(&catalog, plan).map_err(|e| e.to_string())?)
        }
        "log" => {
            let one = |v: serde_json::Value| -> Result<serde_json::Value, String> {
                let req: FreshReplay = serde_json::from_value(v).map_err(|e| e.to_string())?;
                let view = fresh_replay(&catalog, &req).map_err(|e| e.to_string())?;
                serde_json::to_value(view).map_err(|e| e.to_string())
            };
            match value {
                serde_json::Value::Array(logs) => Ok(serde_json::Value::Array(
                    logs.into_iter().map(one).collect::<Result<_, _>>()?,
                )),
                v => Ok(one(v)?),
            }
        }
        other => return Err(format!("unknown mode {other:?}: use `script` or `log`")),
    }
    .map_err(|e| e.to_string())?;
    Ok(out.to_string())
}
