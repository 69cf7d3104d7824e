//! A very small HTML builder: escaping and the layout every page shares.
//! Pages are plain strings built with `write!`; everything user- or
//! data-supplied goes through [`esc`]. No inline script anywhere: the
//! Content-Security-Policy forbids it.

use std::fmt::Write;

use limber_core::wording;

/// Escapes text for an HTML element or a double-quoted attribute.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text as HTML: "  - " lines become a list; other lines make
/// paragraphs, a line that does not end a sentence running on into the next.
pub fn text_block(text: &str) -> String {
    let mut out = String::new();
    let mut para = String::new();
    let mut items: Vec<&str> = Vec::new();
    let flush_para = |out: &mut String, para: &mut String| {
        if !para.is_empty() {
            let _ = write!(out, "<p>{}</p>", esc(para));
            para.clear();
        }
    };
    let flush_list = |out: &mut String, items: &mut Vec<&str>| {
        if !items.is_empty() {
            out.push_str("<ul>");
            for i in items.drain(..) {
                let _ = write!(out, "<li>{}</li>", esc(i));
            }
            out.push_str("</ul>");
        }
    };
    for line in text.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            flush_para(&mut out, &mut para);
            items.push(item.trim());
            continue;
        }
        flush_list(&mut out, &mut items);
        let line = line.trim();
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(line);
        if line.ends_with(['.', ':', '?', '!']) {
            flush_para(&mut out, &mut para);
        }
    }
    flush_list(&mut out, &mut items);
    flush_para(&mut out, &mut para);
    out
}

/// The pages of the main navigation: path, label, page id.
pub const NAV: [(&str, &str, &str); 5] = [
    ("/", "Today", "today"),
    ("/diary", "Diary", "diary"),
    ("/history", "History", "history"),
    ("/settings", "Settings", "settings"),
    ("/help", "Help", "help"),
];

/// One page: its id (for the navigation and the page's script), title and body.
pub struct Page<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The page's own script under /assets/, if any (after app.js).
    pub scripts: &'a [&'a str],
    pub body: String,
}

impl Page<'_> {
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 4096);
        let _ = write!(
            out,
            r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · limber</title>
<meta name="description" content="limber: a guided stretching cool-down and pain diary for runners">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#1d5c63">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/assets/icon-192.png">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
"##,
            title = esc(self.title)
        );
        for s in self.scripts {
            let _ = writeln!(out, r#"<script src="/assets/{}" defer></script>"#, esc(s));
        }
        let _ = write!(
            out,
            r##"</head>
<body data-page="{id}">
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
<a class="brand" href="/"><img src="/assets/icon.svg" alt="" width="32" height="32"> limber</a>
<nav aria-label="Main"><ul>"##,
            id = esc(self.id)
        );
        for (href, label, id) in NAV {
            let current = if id == self.id {
                r#" aria-current="page""#
            } else {
                ""
            };
            let _ = write!(out, r#"<li><a href="{href}"{current}>{label}</a></li>"#);
        }
        let _ = write!(
            out,
            r##"</ul></nav>
<a class="urgent" href="/help#urgent">Urgent help</a>
</header>
<main id="main" tabindex="-1">
<h1>{title}</h1>
{body}
</main>
<footer class="bottom">
<p>limber is a stretching routine and a diary, not medical advice. Check with a health professional before starting new exercises: leg and back pain can have other, more serious causes. <a href="/help#safety">Safety</a></p>
<p id="net-status" role="status" aria-live="polite"></p>
</footer>
</body>
</html>
"##,
            title = esc(self.title),
            body = self.body
        );
        out
    }
}

/// The disclaimer as HTML paragraphs.
pub fn disclaimer() -> String {
    text_block(wording::DISCLAIMER)
}

/// The emergency list as HTML.
pub fn emergency() -> String {
    text_block(wording::EMERGENCY)
}
