//! A server on localhost is reachable from every website the user visits,
//! and one on the network from everyone on it. Each request passes these
//! checks before any handler sees it:
//!
//! - `Host` must name this server by address (an IP literal or
//!   `localhost`) and port: a DNS name pointing here (DNS rebinding) is refused.
//! - Off loopback, the access token (from the printed URL or QR code) is
//!   required: `?token=` once (then a cookie), or `Authorization: Bearer`.
//! - Writes need a same-origin `Origin` (or `Sec-Fetch-Site: same-origin`),
//!   or the CSRF token from `GET /api/v1/csrf-token` in `X-CSRF-Token`.
//! - Bodies over [`MAX_BODY`] are refused with 413; a run file upload
//!   (`POST /api/v1/runs`) alone may be up to [`RUN_FILE_BODY`].
//!
//! Every answer carries the security headers.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;
use crate::state::AppState;

/// The largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;
/// The largest run file upload: the importer's own file limit.
pub const RUN_FILE_BODY: usize = limber_app::runs::MAX_FILE_BYTES as usize;
/// The one route whose bodies may exceed [`MAX_BODY`].
pub const RUN_UPLOAD_PATH: &str = "/api/v1/runs";

/// The largest body accepted for a request.
pub fn body_limit(method: &Method, path: &str) -> usize {
    if *method == Method::POST && path == RUN_UPLOAD_PATH {
        RUN_FILE_BODY
    } else {
        MAX_BODY
    }
}
/// The cookie that carries the access token after its first use.
pub const TOKEN_COOKIE: &str = "limber_token";
/// The header that carries the CSRF token for clients that send no `Origin`.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// No inline script or style, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The checks, in order: Host, token, origin, size.
pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if let Err(p) = check_host(&app, req.headers()) {
        return p.into_response();
    }
    let token_from_query = match check_token(&app, &req) {
        Ok(t) => t,
        Err(p) => return p.into_response(),
    };
    if let Err(p) = check_origin(&app, req.method(), req.headers()) {
        return p.into_response();
    }
    let limit = body_limit(req.method(), req.uri().path());
    let too_big = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > limit as u64);
    if too_big {
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {} KiB", limit / 1024),
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    if token_from_query && let Some(token) = app.token() {
        let cookie = format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

fn check_host(app: &AppState, headers: &HeaderMap) -> Result<(), Problem> {
    let refuse = || {
        Problem::forbidden(
            "Host",
            "this server answers only to its own address (an IP address or localhost with its port)",
        )
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(refuse)?;
    if host_allowed(host, app.port()) {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// `Host` names an IP literal or localhost, with the bound port.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, given) = if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        let Some((v6, after)) = rest.split_once(']') else {
            return false;
        };
        if v6.parse::<std::net::Ipv6Addr>().is_err() {
            return false;
        }
        (None, after.strip_prefix(':'))
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (Some(n), Some(p)),
            None => (Some(host), None),
        }
    };
    let port_ok = match given {
        Some(p) => p.parse::<u16>().ok() == Some(port),
        None => port == 80,
    };
    let name_ok = name.is_none_or(|n| {
        n.eq_ignore_ascii_case("localhost") || n.parse::<std::net::Ipv4Addr>().is_ok()
    });
    port_ok && name_ok
}

/// Passes with the token, saying whether it came in the query (then a
/// cookie is set so the page's own requests carry it).
fn check_token(app: &AppState, req: &Request) -> Result<bool, Problem> {
    let Some(token) = app.token() else {
        return Ok(false);
    };
    let from_query = req.uri().query().is_some_and(|q| {
        form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "token" && same_secret(&v, token))
    });
    if from_query {
        return Ok(true);
    }
    let from_cookie = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(k, v)| k == TOKEN_COOKIE && same_secret(v, token));
    let from_bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|v| same_secret(v.trim(), token));
    if from_cookie || from_bearer {
        Ok(false)
    } else {
        Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "this server is open to the network and needs its access token: open the URL (or scan the QR code) that `limber serve` printed",
        )
        .field("token"))
    }
}

fn check_origin(app: &AppState, method: &Method, headers: &HeaderMap) -> Result<(), Problem> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text("origin") {
        let host = text("host").unwrap_or_default();
        return if origin == format!("http://{host}") {
            Ok(())
        } else {
            Err(Problem::forbidden(
                "Origin",
                format!("a write from another site ({origin}) is refused"),
            ))
        };
    }
    if let Some(site) = text("sec-fetch-site") {
        return if site == "same-origin" || site == "none" {
            Ok(())
        } else {
            Err(Problem::forbidden(
                "Sec-Fetch-Site",
                "a write from another site is refused",
            ))
        };
    }
    match text(CSRF_HEADER) {
        Some(t) if same_secret(t, app.csrf()) => Ok(()),
        Some(_) => Err(Problem::forbidden(
            "X-CSRF-Token",
            "the CSRF token is wrong",
        )),
        None => Err(Problem::forbidden(
            "Origin",
            "a write needs a same-origin Origin header, or the token from GET /api/v1/csrf-token in X-CSRF-Token",
        )),
    }
}

const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");
const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-resource-policy");

/// The security headers, on every answer.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Room for all six at once, rather than the map growing twice.
    h.reserve(6);
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        CROSS_ORIGIN_OPENER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        CROSS_ORIGIN_RESOURCE_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_address_or_localhost_with_the_port_is_a_host() {
        assert!(host_allowed("127.0.0.1:7878", 7878));
        assert!(host_allowed("localhost:7878", 7878));
        assert!(host_allowed("LOCALHOST:7878", 7878));
        assert!(host_allowed("[::1]:7878", 7878));
        assert!(host_allowed("192.168.1.20:7878", 7878));
        assert!(!host_allowed("127.0.0.1:7879", 7878));
        assert!(!host_allowed("evil.example:7878", 7878));
        assert!(!host_allowed("localhost.evil.example:7878", 7878));
        assert!(!host_allowed("127.0.0.1", 7878));
        assert!(host_allowed("127.0.0.1", 80));
        assert!(!host_allowed("[::1", 7878));
        assert!(!host_allowed("[nonsense]:7878", 7878));
        assert!(!host_allowed("", 7878));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
