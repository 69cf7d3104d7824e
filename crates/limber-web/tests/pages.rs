//! The pages and their assets as the server sends them: every page is
//! complete, accessible in its structure, free of inline script (the CSP
//! forbids it), loads only embedded assets, and says nothing limber must
//! not say; assets revalidate by ETag; the service worker keeps every page
//! and asset; the session page's first load stays small.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use limber_testutil::wording::banned_words;
use limber_web::pages::{self, ASSETS, SHELL_PAGES, asset};
use tower::ServiceExt;

async fn get(path: &str, if_none_match: Option<&str>) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let res = pages::router::<()>()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 10 << 20).await.unwrap().to_vec();
    (status, headers, body)
}

async fn page(path: &str) -> String {
    let (status, headers, body) = get(path, None).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/html; charset=utf-8",
        "{path}"
    );
    String::from_utf8(body).unwrap()
}

/// Every value of `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn every_page_is_a_complete_document_with_landmarks_and_no_inline_script() {
    for path in SHELL_PAGES {
        let html = page(path).await;
        assert!(html.starts_with("<!doctype html>"), "{path}");
        assert!(html.contains(r#"<html lang="en">"#), "{path}");
        assert!(html.contains(r#"<meta name="viewport""#), "{path}");
        assert!(
            html.contains("<title>") && html.contains(" · limber</title>"),
            "{path}"
        );
        assert!(html.contains(r#"<main id="main""#), "{path}");
        assert_eq!(html.matches("<h1>").count(), 1, "{path}: one h1");
        assert!(
            html.contains(r#"href="/help#urgent""#),
            "{path}: urgent help one tap away"
        );
        assert!(
            html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#),
            "{path}"
        );
        // Every script is a file: `<script` is always followed by a src.
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(
                tag.contains(" src=\"/assets/"),
                "{path}: inline script {tag}"
            );
        }
        assert!(!html.contains(" style=\""), "{path}: inline style");
        assert!(!html.contains(" onclick="), "{path}: inline handler");
        // Ids are unique; every label's `for` and aria reference names one.
        let ids = attr_values(&html, " id");
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{path}: duplicate ids");
        for attr in [" for", "aria-labelledby"] {
            for id in attr_values(&html, attr) {
                assert!(ids.contains(&id), "{path}: {attr} names a missing id {id}");
            }
        }
    }
}

#[tokio::test]
async fn every_asset_a_page_loads_is_embedded_and_served_with_its_type() {
    for path in SHELL_PAGES {
        let html = page(path).await;
        for url in attr_values(&html, "src")
            .into_iter()
            .chain(attr_values(&html, "href"))
            .filter(|u| u.starts_with("/assets/"))
        {
            let (status, headers, body) = get(url, None).await;
            assert_eq!(status, StatusCode::OK, "{path} loads {url}");
            let name = url.trim_start_matches("/assets/");
            assert_eq!(headers[header::CONTENT_TYPE], asset(name).unwrap().mime);
            assert_eq!(body, asset(name).unwrap().bytes);
        }
    }
    let (status, _, _) = get("/assets/nothing.js", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unchanged_asset_is_revalidated_by_its_etag() {
    let (status, headers, _) = get("/assets/player.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let tag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, body) = get("/assets/player.js", Some(&tag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let other = asset("app.js").unwrap().etag();
    let (status, _, _) = get("/assets/player.js", Some(&other)).await;
    assert_eq!(status, StatusCode::OK, "another file's tag does not match");
}

#[tokio::test]
async fn the_service_worker_keeps_every_page_and_asset_under_a_version_of_their_bytes() {
    let (status, headers, body) = get("/sw.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let sw = String::from_utf8(body).unwrap();
    assert!(!sw.contains("__VERSION__") && !sw.contains("__SHELL__"));
    for p in SHELL_PAGES {
        assert!(sw.contains(&format!("\"{p}\"")), "{p}");
    }
    for a in ASSETS
        .iter()
        .filter(|a| a.name != "sw.js" && a.name != "manifest.webmanifest")
    {
        assert!(
            sw.contains(&format!("\"/assets/{}\"", a.name)),
            "{}",
            a.name
        );
    }
    let version = sw
        .split("var VERSION = '")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap();
    assert_eq!(version.len(), 16, "a 64-bit hex version");
    let (status, headers, body) = get("/manifest.webmanifest", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/manifest+json");
    let manifest: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(manifest["start_url"], "/");
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        assert!(asset(src.trim_start_matches("/assets/")).is_some(), "{src}");
    }
}

#[tokio::test]
async fn the_session_page_first_load_is_under_150_kb() {
    let html = page("/session").await;
    let mut total = html.len();
    for url in attr_values(&html, "src")
        .into_iter()
        .chain(attr_values(&html, "href"))
        .filter(|u| u.starts_with("/assets/") || *u == "/manifest.webmanifest")
    {
        let (_, _, body) = get(url, None).await;
        total += body.len();
    }
    assert!(total < 150 * 1024, "{total} bytes");
    assert!(
        total > 20 * 1024,
        "the count covers the scripts: {total} bytes"
    );
}

#[tokio::test]
async fn no_page_or_asset_claims_an_effect_or_says_seed() {
    // The disclaimer's "diagnosis or treatment from a qualified health
    // professional" says what limber does not replace; it may stay.
    let allowed = "diagnosis or treatment from a qualified health professional";
    for path in SHELL_PAGES {
        let html = page(path).await.replace(allowed, "");
        assert_eq!(banned_words(&html), Vec::<String>::new(), "{path}");
    }
    for a in ASSETS {
        if let Ok(text) = std::str::from_utf8(a.bytes) {
            assert_eq!(banned_words(text), Vec::<String>::new(), "{}", a.name);
        }
    }
    assert_eq!(
        banned_words("It may relieve pain"),
        vec!["relieve"],
        "the scan finds words"
    );
}
