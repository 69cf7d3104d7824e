//! Small text helpers shared by the human-readable outputs.

use std::time::Duration;

use limber_core::catalog::{Provenance, Sourced};

/// Why the planner left an exercise out, with the command that has it
/// back when the user can turn it on.
pub fn dropped_reason(d: &limber_core::plan::Dropped) -> String {
    if d.can_enable {
        format!("{}: `limber exercises enable {}`", d.reason, d.exercise)
    } else {
        d.reason.clone()
    }
}

/// `text` wrapped at word boundaries to the terminal's width when stdout
/// is a terminal (so no word is split across lines there); unchanged
/// otherwise. Paragraphs (lines) are wrapped one by one; indentation of a
/// list item carries to its continuation lines.
pub fn wrap(text: &str) -> String {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return text.to_string();
    }
    let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).max(20));
    wrap_to(text, width)
}

/// [`wrap`] at a given width.
pub fn wrap_to(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let hang = if line.trim_start().starts_with("- ") {
                format!("{indent}  ")
            } else {
                indent.clone()
            };
            // Never split a word (or a `command-name`) at its hyphens.
            let options = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&hang)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            textwrap::fill(line.trim_start(), options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

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
        Provenance::Seed => "from the original post",
        Provenance::Default => "limber default",
        Provenance::Program => "set by your program",
    }
}

pub fn sourced<T: std::fmt::Display>(s: &Sourced<T>) -> String {
    format!("{} ({})", s.value, provenance(s.source))
}

/// Stored text (a note, a program's name) as it may safely reach a
/// terminal: control characters (newlines, carriage returns, escape
/// sequences such as `\x1b[31m`) and the invisible bidirectional overrides
/// are shown escaped (`\n`, `\u{1b}`), so a note can neither redraw the
/// screen nor pretend to be a line of its own. `--json` keeps text verbatim.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap_to;

    #[test]
    fn wraps_at_words_never_inside_one() {
        let text = "Do you have numbness, tingling or reduced feeling around your genitals, back passage, buttocks or inner thighs?";
        let wrapped = wrap_to(text, 80);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        assert!(wrapped.contains("inner thighs"), "{wrapped}");
        assert_eq!(wrapped.replace('\n', " "), text);
        let hyphens = wrap_to(
            "off until you choose it: `limber exercises enable full-back-curl`",
            50,
        );
        assert!(hyphens.lines().all(|l| !l.ends_with('-')), "{hyphens}");
        assert!(hyphens.contains("full-back-curl`"), "{hyphens}");
        // A list item's continuation lines keep under the item.
        let list = wrap_to(
            "  - new difficulty starting to pee, a weak stream, or not being able to control your bladder",
            40,
        );
        assert!(
            list.lines().skip(1).all(|l| l.starts_with("    ")),
            "{list}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(shown("sore after hills"), "sore after hills");
        assert_eq!(shown("a\nb\rc"), "a\\nb\\rc");
        assert_eq!(shown("\x1b[31mred"), "\\u{1b}[31mred");
        assert_eq!(shown("x\u{202e}y\u{7f}"), "x\\u{202e}y\\u{7f}");
        assert_eq!(shown("ça va – fine"), "ça va – fine");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::from_secs(45)), "45 s");
        assert_eq!(duration(Duration::from_secs(150)), "2 min 30 s");
        assert_eq!(duration(Duration::from_secs(360)), "6 min");
    }
}
