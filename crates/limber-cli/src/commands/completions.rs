//! `limber completions SHELL` and `limber man`: generated from the same
//! clap definition as the parser, so they can never drift from it.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::command_error::CmdResult;

/// Prints the completion script for `shell` (bash, zsh, fish, elvish, powershell).
pub fn completions(shell: clap_complete::Shell) -> CmdResult {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "limber", &mut out);
    out.flush()?;
    Ok(())
}

/// Prints the manual page (roff) for limber and its commands, one page.
pub fn man() -> CmdResult {
    let mut cmd = Cli::command();
    // Building names every subcommand "limber CMD" in its synopsis.
    cmd.build();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    // The commands, each as sections of the same page.
    for sub in cmd.get_subcommands() {
        let man = clap_mangen::Man::new(sub.clone());
        man.render_name_section(&mut out)?;
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
        man.render_extra_section(&mut out)?;
    }
    Ok(())
}
