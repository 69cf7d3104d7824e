//! `limber screen`: the safety questions, interactive or scripted.

use std::collections::BTreeMap;
use std::io::Write;

use limber_app::gate::{self, Block};
use limber_app::output::QuestionOutput;
use limber_app::screen::{self, AcknowledgeAllError, AnswersError, Unanswered};
use limber_core::catalog::CautionAction;
use limber_core::safety::{Gate, Question, ScreenRecord, Tier};
use limber_core::wording;

use crate::cli::ScreenArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::flag_value::{AnswerError, FlagError};
use crate::prompt;

pub fn run(env: &Env, args: &ScreenArgs) -> CmdResult {
    if args.list {
        return list(args.json);
    }
    // Parse every answer before touching the store: bad input stores nothing.
    let answers = parse_answers(&args.answer)?;
    if args.acknowledge {
        if args.none_apply || !answers.is_empty() {
            return Err(CommandError::usage(
                "--acknowledge cannot be combined with answers; acknowledge after screening",
            ));
        }
        return acknowledge(env);
    }
    let record = if args.none_apply || !answers.is_empty() {
        scripted(env, &answers, args.none_apply)?
    } else if prompt::interactive() {
        interactive(env)?
    } else {
        let known = crate::known::recent(env)?;
        let hint = if crate::gate::locked(&known) || known.profile.rescreen_requested.is_some() {
            "answer every question with --answer KEY=yes|no (see --list), or run `limber screen` in a terminal"
        } else {
            "use `limber screen --none-apply` if none of the questions apply, or --answer KEY=yes|no (see --list)"
        };
        return Err(CommandError::usage("no terminal to ask the questions in").hint(hint));
    };
    save(env, &record)?;
    summarize(env, &record)
}

fn list(json: bool) -> CmdResult {
    let mut out = std::io::stdout().lock();
    if json {
        let questions: Vec<QuestionOutput> = Question::ALL
            .iter()
            .copied()
            .map(QuestionOutput::from)
            .collect();
        serde_json::to_writer_pretty(&mut out, &questions)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:<20} {:<10} QUESTION", "KEY", "IF YES")?;
    for q in Question::ALL {
        let tier = match q.tier() {
            Tier::Emergency => "emergency",
            Tier::SameDay => "same day",
            Tier::Soon => "see GP",
            Tier::Caution => "caution",
        };
        writeln!(out, "{:<20} {:<10} {}", q.key(), tier, q.text())?;
    }
    Ok(())
}

fn parse_answers(raw: &[String]) -> CmdResult<BTreeMap<Question, bool>> {
    let mut answers = BTreeMap::new();
    for item in raw {
        let (question, yes) =
            parse_answer(item).map_err(|e| FlagError::new("--answer", item.as_str(), e))?;
        let key = question.key();
        if answers
            .insert(question, yes)
            .is_some_and(|prev| prev != yes)
        {
            return Err(CommandError::usage(format!(
                "--answer: {key} is answered both yes and no"
            )));
        }
    }
    Ok(answers)
}

/// One `KEY=yes|no`.
fn parse_answer(item: &str) -> Result<(Question, bool), AnswerError> {
    let (key, value) = item.split_once('=').ok_or(AnswerError::NoEquals)?;
    let question: Question = key.trim().parse()?;
    let yes = match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" => true,
        "no" | "n" | "false" => false,
        other => return Err(AnswerError::NotYesNo(other.to_string())),
    };
    Ok((question, yes))
}

/// Scripted answers: questions not named keep their answer from the
/// screen in force while it still stands, or are "no" with --none-apply
/// (see `limber_app::screen::answers_to_record`).
fn scripted(
    env: &Env,
    answers: &BTreeMap<Question, bool>,
    none_apply: bool,
) -> CmdResult<ScreenRecord> {
    let unanswered = if none_apply {
        Unanswered::No
    } else {
        Unanswered::KeptWhileStanding
    };
    let store = env.store()?;
    env.block_on(screen::answers_to_record(
        store,
        env.user(),
        env.now(),
        answers,
        unanswered,
    ))
    .map_err(|e| match e {
        // No --none-apply offered here: after a lock or new symptoms, each
        // question deserves its own answer.
        AnswersError::Unanswered {
            missing,
            stale: true,
        } => CommandError::usage(format!(
            "the last screen no longer stands (an emergency answer or new symptoms), so every question needs a fresh answer; not answered: {}",
            keys(&missing)
        ))
        .hint("run `limber screen` in a terminal, or give every key with --answer KEY=yes|no (see --list)"),
        e @ (AnswersError::Unanswered { .. } | AnswersError::Unknown(_)) => CommandError::bad_input(e).hint(
            "answer them, or add --none-apply to answer \"no\" to every question you do not name",
        ),
        AnswersError::Load(e) => crate::known::load_error(e),
        AnswersError::Store(e) => e.into(),
    })
}

pub fn interactive(env: &Env) -> CmdResult<ScreenRecord> {
    let mut out = std::io::stdout();
    writeln!(out, "{}\n", crate::format::wrap(wording::DISCLAIMER))?;
    // Shown: the first session need not show it again.
    let store = env.store()?;
    let mut profile = env.block_on(store.profile(env.user()))?;
    if profile.disclaimer_shown.is_none() {
        profile.disclaimer_shown = Some(env.now());
        env.block_on(store.save_profile(env.user(), &mut profile))?;
    }
    writeln!(out, "A few safety questions. Answer each one y or n.\n")?;
    let mut answers = BTreeMap::new();
    for q in Question::ALL {
        let yes = prompt::yes_no(q.text())?;
        answers.insert(*q, yes);
        if yes && q.tier() == Tier::Emergency {
            // Nothing after this changes what to do next.
            writeln!(out)?;
            return ScreenRecord::new(env.now(), &answers, true).map_err(CommandError::failed);
        }
    }
    ScreenRecord::new(env.now(), &answers, false).map_err(CommandError::failed)
}

/// Makes `record` the screen in force (see `limber_app::gate::save_screen`).
pub fn save(env: &Env, record: &ScreenRecord) -> CmdResult {
    Ok(env.block_on(gate::save_screen(env.store()?, env.user(), record))?)
}

fn acknowledge(env: &Env) -> CmdResult {
    // Every pause in force is acknowledged at once (the screen's advice,
    // the next-morning check's, a worsening diary's).
    let done = env
        .block_on(screen::acknowledge_pauses(
            env.store()?,
            env.user(),
            &env.catalog,
            env.now(),
            None,
        ))
        .map_err(|e| match e {
            AcknowledgeAllError::NoScreen => {
                CommandError::usage("there is no safety screen to acknowledge")
                    .hint("run `limber screen` first")
            }
            AcknowledgeAllError::Locked => CommandError::safety(format!(
                "{}\n\n{}\nAnswer the screen again once you have had medical help: `limber screen`.",
                Tier::Emergency.advice(),
                wording::EMERGENCY
            )),
            AcknowledgeAllError::Load(e) => crate::known::load_error(e),
            AcknowledgeAllError::Store(e) => e.into(),
        })?;
    // What still stands before the next session is said, never "your
    // program continues" while it would not.
    let still = match done.still {
        Some(Block::NoScreen | Block::Rescreen | Block::Stale) => {
            Some("Before the next session, answer the safety questions again: `limber screen`.")
        }
        _ => None,
    };
    let advice = if done.after_worsening() {
        "go gently, and check with a clinician if things keep getting worse."
    } else {
        "if anything changes, run `limber screen` again."
    };
    match (done.lifted.is_empty(), still) {
        (true, None) => println!("Nothing to acknowledge: your program is not paused."),
        (true, Some(still)) => println!("Nothing to acknowledge. {still}"),
        (false, None) => println!("Noted. Your program continues; {advice}"),
        (false, Some(still)) => println!("Noted; {advice} {still}"),
    }
    Ok(())
}

/// What the answers mean, wrapped at words to the terminal.
pub fn summarize(env: &Env, record: &ScreenRecord) -> CmdResult {
    let mut text = Vec::new();
    summarize_to(&mut text, env, record)?;
    print!("{}", crate::format::wrap(&String::from_utf8_lossy(&text)));
    Ok(())
}

fn summarize_to(out: &mut Vec<u8>, env: &Env, record: &ScreenRecord) -> CmdResult {
    match record.gate() {
        Gate::Locked(flags) => {
            writeln!(out, "{}", Tier::Emergency.advice())?;
            writeln!(out, "You answered yes to: {}.\n", keys(&flags))?;
            writeln!(out, "{}", wording::EMERGENCY)?;
            writeln!(
                out,
                "\nlimber will not start a session until you answer the screen again (`limber screen`)."
            )?;
            return Ok(());
        }
        Gate::Paused(tier, flags) => {
            writeln!(out, "{}", tier.advice())?;
            writeln!(out, "You answered yes to: {}.", keys(&flags))?;
            writeln!(
                out,
                "When you have taken this advice, `limber screen --acknowledge` lets you continue.\n"
            )?;
        }
        Gate::Open => writeln!(
            out,
            "Thank you. None of your answers calls for a pause in your program."
        )?,
    }
    let effects = screen::effects(&env.catalog, record);
    if !effects.is_empty() {
        writeln!(out, "Because of your answers:")?;
        for e in &effects {
            let what = match e.action {
                CautionAction::Hide => "left out",
                CautionAction::Variant => "swapped for a gentler variant",
            };
            writeln!(out, "  - {}: {what}, because {}", e.name, e.reason)?;
        }
        writeln!(out, "{}", Tier::Caution.advice())?;
    }
    writeln!(
        out,
        "\nCheck with your health care professional before starting new exercises; other, more serious causes of this kind of pain exist."
    )?;
    Ok(())
}

fn keys(flags: &[Question]) -> String {
    flags.iter().map(|q| q.key()).collect::<Vec<_>>().join(", ")
}
