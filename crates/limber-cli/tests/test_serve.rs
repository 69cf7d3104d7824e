//! `limber serve`: the URL it prints answers; open to the network it warns
//! and refuses requests without its access token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::common::TestEnv;

pub(crate) struct Served {
    child: Child,
    pub(crate) first_line: String,
    /// Kept open: the server writes more (the QR code) after the URL.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(env: &TestEnv, addr: &str) -> Served {
    let mut child = env
        .std_command()
        .args(["serve", "--addr", addr])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first_line).unwrap();
    Served {
        child,
        first_line,
        _stdout: stdout,
    }
}

/// The port in "limber: serving on http://HOST:PORT/…".
pub(crate) fn port(line: &str) -> u16 {
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap();
    let after_host = url.trim_start_matches("http://").split('/').next().unwrap();
    after_host.rsplit(':').next().unwrap().parse().unwrap()
}

pub(crate) fn get(port: u16, path: &str) -> String {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn serve_prints_a_loopback_url_that_answers_with_the_session_script() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    let served = serve(&env, "127.0.0.1:0");
    assert!(
        served
            .first_line
            .starts_with("limber: serving on http://127.0.0.1:"),
        "{}",
        served.first_line
    );
    let answer = get(
        port(&served.first_line),
        "/api/v1/session-script?get_ready=5",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"steps\""), "{answer}");
}

#[test]
fn serve_open_to_the_network_warns_and_needs_its_token() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    let mut served = serve(&env, "0.0.0.0:0");
    let p = port(&served.first_line);
    let answer = get(p, "/api/v1/csrf-token");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let token = served
        .first_line
        .split("token=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 64, "{}", served.first_line);
    let answer = get(p, &format!("/api/v1/csrf-token?token={token}"));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = served.child.kill();
    let mut stderr = String::new();
    served
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("other people on this network"), "{stderr}");
}

#[test]
fn serve_refuses_an_address_that_is_not_one() {
    let env = TestEnv::new();
    env.run(["serve", "--addr", "everywhere"]).fails_with(2);
}
