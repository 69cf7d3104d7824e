//! `limber serve`: the web app on this machine, loopback unless told
//! otherwise. Open to the network, it needs the random access token printed
//! in its URL (and shown as a QR code for the phone).

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use limber_store::Store;

use crate::cli::ServeArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(env: &Env, args: &ServeArgs) -> CmdResult {
    let store: Arc<dyn Store> = Arc::clone(env.shared_store()?);
    let addr: SocketAddr = args.addr;
    let listener = env
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| CommandError::runtime(format!("cannot listen on {addr}: {e}")).because(e))?;
    let bound = listener
        .local_addr()
        .map_err(|e| CommandError::runtime(format!("cannot listen on {addr}: {e}")).because(e))?;
    let open = !bound.ip().is_loopback();
    let token = open.then(limber_web::state::random_token);
    let mut out = std::io::stdout().lock();
    match &token {
        None => writeln!(out, "limber: serving on http://{bound}/ (Ctrl-C to stop)")?,
        Some(token) => {
            eprintln!(
                "limber: warning: listening on {bound}: other people on this network can reach this server. It answers only with the access token below."
            );
            let hosts = if bound.ip().is_unspecified() {
                local_addresses()
            } else {
                vec![bound.ip().to_string()]
            };
            let urls: Vec<String> = hosts
                .iter()
                .map(|h| format!("http://{h}:{}/?token={token}", bound.port()))
                .collect();
            if urls.is_empty() {
                writeln!(
                    out,
                    "limber: serving on port {} of this computer's addresses; add ?token={token} to the address (Ctrl-C to stop)",
                    bound.port()
                )?;
            }
            for url in &urls {
                writeln!(out, "limber: serving on {url} (Ctrl-C to stop)")?;
            }
            if let Some(qr) = urls.first().and_then(|u| limber_web::qr_text(u)) {
                writeln!(out, "Scan this with your phone:\n{qr}")?;
            }
        }
    }
    out.flush()?;
    drop(out);
    let opts = limber_web::Options {
        user: env.user(),
        token,
        now: env.fixed_now(),
    };
    // Ctrl-C or SIGTERM: finish the requests in flight, then stop.
    let shutdown = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    };
    env.block_on(limber_web::serve(store, listener, opts, shutdown))
        .map_err(|e| CommandError::runtime(format!("the server stopped: {e}")).because(e))?;
    Ok(())
}

/// This computer's IPv4 addresses other than loopback, from the kernel's
/// routing table (Linux); none elsewhere.
fn local_addresses() -> Vec<String> {
    let Ok(trie) = std::fs::read_to_string("/proc/net/fib_trie") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut last_ip: Option<&str> = None;
    for line in trie.lines() {
        let line = line.trim();
        if let Some(ip) = line
            .strip_prefix("|-- ")
            .or_else(|| line.strip_prefix("+-- "))
        {
            last_ip = ip.split_whitespace().next();
        } else if line.starts_with("/32 host LOCAL")
            && let Some(ip) = last_ip
            && ip
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|a| !a.is_loopback())
            && !found.iter().any(|f: &String| f == ip)
        {
            found.push(ip.to_string());
        }
    }
    found
}
