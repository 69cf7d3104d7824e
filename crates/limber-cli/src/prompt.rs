//! Questions asked in a terminal. Every prompt demands an explicit answer:
//! a safety question must never be answered by a stray Enter.

use std::io::{BufRead, IsTerminal, Write};

use crate::command_error::{CmdResult, CommandError};

/// Both ends are a terminal, so a person can answer.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn read_line() -> CmdResult<String> {
    let mut line = String::new();
    let n = std::io::stdin().lock().read_line(&mut line)?;
    if n == 0 {
        return Err(CommandError::usage(
            "input ended before the question was answered; nothing was stored",
        ));
    }
    Ok(line.trim().to_lowercase())
}

/// Asks until the answer is yes or no.
pub fn yes_no(question: &str) -> CmdResult<bool> {
    let mut out = std::io::stdout();
    loop {
        write!(
            out,
            "{} ",
            crate::format::wrap(&format!("{question} [y/n]"))
        )?;
        out.flush()?;
        match read_line()?.as_str() {
            "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => writeln!(out, "Please answer y or n.")?,
        }
    }
}

/// The pain scale, said wherever a pain rating is asked.
pub const PAIN_SCALE: &str = "0-10: 0 no pain ... 10 worst imaginable; Enter skips";

/// Asks for a 0–10 score; Enter skips.
pub fn score(question: &str) -> CmdResult<Option<limber_core::PainScore>> {
    let mut out = std::io::stdout();
    loop {
        write!(out, "{question} (0–10, Enter to skip) ")?;
        out.flush()?;
        let line = read_line()?;
        if line.is_empty() {
            return Ok(None);
        }
        match line.parse() {
            Ok(p) => return Ok(Some(p)),
            Err(e) => writeln!(out, "{e}")?,
        }
    }
}

/// A "pain now" question with its scale ([`PAIN_SCALE`]), answered on stdin
/// or, when another thread reads stdin, from its `lines`; Enter (or the end
/// of input) skips.
pub fn pain(
    lines: Option<&std::sync::mpsc::Receiver<String>>,
    question: &str,
) -> CmdResult<Option<limber_core::PainScore>> {
    let question = format!("{question} ({PAIN_SCALE})");
    match lines {
        Some(lines) => score_from(lines, &question, ""),
        None => {
            let mut out = std::io::stdout();
            loop {
                write!(out, "{} ", crate::format::wrap(&question))?;
                out.flush()?;
                let line = read_line()?;
                if line.is_empty() {
                    return Ok(None);
                }
                match line.parse() {
                    Ok(p) => return Ok(Some(p)),
                    Err(e) => writeln!(out, "{e}")?,
                }
            }
        }
    }
}

/// [`score`], reading answers from lines another thread reads from stdin.
pub fn score_from(
    lines: &std::sync::mpsc::Receiver<String>,
    question: &str,
    suffix: &str,
) -> CmdResult<Option<limber_core::PainScore>> {
    let mut out = std::io::stdout();
    loop {
        write!(
            out,
            "{} ",
            crate::format::wrap(&format!("{question}{suffix}"))
        )?;
        out.flush()?;
        let Ok(line) = lines.recv() else {
            return Ok(None);
        };
        let line = line.trim();
        if line.is_empty() {
            return Ok(None);
        }
        match line.parse() {
            Ok(p) => return Ok(Some(p)),
            Err(e) => writeln!(out, "{e}")?,
        }
    }
}

/// Asks for one of a few named options; Enter skips.
pub fn choice<T: Copy>(question: &str, options: &[(&str, T)]) -> CmdResult<Option<T>> {
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let mut out = std::io::stdout();
    loop {
        write!(out, "{question} ({}; Enter to skip) ", names.join("/"))?;
        out.flush()?;
        let line = read_line()?;
        if line.is_empty() {
            return Ok(None);
        }
        if let Some((_, v)) = options.iter().find(|(n, _)| *n == line) {
            return Ok(Some(*v));
        }
        writeln!(out, "Please type one of: {}", names.join(", "))?;
    }
}
