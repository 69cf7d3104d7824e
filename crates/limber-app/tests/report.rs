//! The report over a fixed six-week history: its structure (a snapshot of
//! the outline, not of pixels), that it asks for nothing from elsewhere,
//! that it says what the analytics say, and that printing it to PDF keeps
//! every chart and table.

use limber_app::report::gather;
use limber_core::Catalog;
use limber_formats::export::backup::Backup;
use limber_store::LOCAL_USER;
use limber_store_sqlite::SqliteStore;
use limber_testutil::history::{now, six_weeks};
use scraper::{ElementRef, Html, Selector};

async fn report_html() -> String {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let h = six_weeks();
    let backup = Backup {
        settings: h.profile,
        screens: h.screens,
        sessions: h.sessions,
        pain_entries: h.entries,
        runs: h.runs,
    };
    limber_app::backup::restore(&store, LOCAL_USER, &backup)
        .await
        .unwrap();
    let data = gather(&store, LOCAL_USER, &Catalog::builtin(), now())
        .await
        .unwrap();
    limber_report::render(&data)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sections, headings, figures, charts and tables, with table sizes.
fn outline(doc: &Html) -> String {
    let mut out = String::new();
    for s in doc.select(&sel("main > section, main > header")) {
        let id = s.value().id().unwrap_or("-");
        out.push_str(&format!("{} #{id}\n", s.value().name()));
        for e in s.select(&sel("h1, h2, h3, svg, figcaption, table")) {
            match e.value().name() {
                "svg" => {
                    let title = e.select(&sel("title")).next().map(text).unwrap_or_default();
                    let marks = e.select(&sel("circle, rect, polyline")).count();
                    out.push_str(&format!("  svg {title:?} ({marks} marks)\n"));
                }
                "table" => {
                    let caption = e
                        .select(&sel("caption"))
                        .next()
                        .map(text)
                        .unwrap_or_default();
                    let heads: Vec<String> = e.select(&sel("th")).map(text).collect();
                    let rows = e.select(&sel("tbody tr")).count();
                    out.push_str(&format!(
                        "  table {caption:?} [{}] {rows} rows\n",
                        heads.join(" | ")
                    ));
                }
                "figcaption" => out.push_str("  figcaption\n"),
                other => out.push_str(&format!("  {other} {:?}\n", text(e))),
            }
        }
    }
    out
}

#[tokio::test]
async fn structure_snapshot() {
    let html = report_html().await;
    insta::assert_snapshot!(outline(&Html::parse_document(&html)));
}

#[tokio::test]
async fn makes_no_external_request() {
    let html = report_html().await;
    let doc = Html::parse_document(&html);
    let mut checked = 0;
    for e in doc.select(&sel("[src], [href], [srcset], [action], [data]")) {
        for attr in ["src", "href", "srcset", "action", "data"] {
            if let Some(v) = e.value().attr(attr) {
                checked += 1;
                let v = v.trim().to_ascii_lowercase();
                assert!(
                    !(v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//")),
                    "<{} {attr}={v:?}> would load from elsewhere",
                    e.value().name()
                );
            }
        }
    }
    // No <link>, <script> or CSS url()/@import that could fetch anything.
    assert_eq!(
        doc.select(&sel("link, script, iframe, img, object"))
            .count(),
        0
    );
    let style: String = doc.select(&sel("style")).map(text).collect();
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{style}"
    );
    assert!(
        checked == 0 || !html.contains("http"),
        "checked {checked} attributes"
    );
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[tokio::test]
async fn every_chart_has_a_title_caption_and_table() {
    let html = report_html().await;
    let doc = Html::parse_document(&html);
    let charts: Vec<_> = doc.select(&sel("section.chart")).collect();
    assert_eq!(charts.len(), 5, "with runs, the runs chart too");
    for c in charts {
        let id = c.value().id().unwrap();
        let svg = c
            .select(&sel("svg"))
            .next()
            .unwrap_or_else(|| panic!("{id}: no svg"));
        let labelled = svg.value().attr("aria-labelledby").unwrap();
        assert!(
            labelled.contains("-title") && labelled.contains("-desc"),
            "{id}"
        );
        assert!(svg.select(&sel("title")).next().is_some(), "{id}: no title");
        assert!(
            c.select(&sel("figcaption")).next().is_some(),
            "{id}: no caption"
        );
        let rows = c.select(&sel("table tbody tr")).count();
        assert!(rows > 0, "{id}: no data rows");
    }
}

#[tokio::test]
async fn says_what_the_analytics_say_in_plain_words() {
    let html = report_html().await;
    let doc = Html::parse_document(&html);
    let summary = text(doc.select(&sel("#summary p")).next().unwrap());
    // 36 sessions and 56 entries in six weeks, pain falling by about 3 points.
    assert!(
        summary.contains("You recorded 56 diary entries and 36 sessions"),
        "{summary}"
    );
    assert!(
        summary.contains("lower than in your first two weeks"),
        "{summary}"
    );
    assert!(summary.contains("less far than before"), "{summary}");
    // The standing stretch was stopped twice, for spreading symptoms.
    let stopped = text(doc.select(&sel("#stopped")).next().unwrap());
    assert!(stopped.contains("Standing thigh stretch"), "{stopped}");
    assert!(
        stopped.contains("symptoms spreading down the leg"),
        "{stopped}"
    );
    assert_eq!(doc.select(&sel("#stops-table tbody tr")).count(), 2);
    // The original post's two reminders and the emergency list.
    let safety = text(doc.select(&sel("#safety")).next().unwrap());
    assert!(
        safety.contains("Check with your health care professional"),
        "{safety}"
    );
    assert!(safety.contains("other, more serious causes"), "{safety}");
    assert!(safety.contains("call emergency services"), "{safety}");
    // The finished trial is reported; the caution answer shapes the program.
    assert!(doc.select(&sel("#trial-1-table")).next().is_some());
    // No claims: outside the approved disclaimer (which says what limber is
    // not), none of the words limber never uses about health.
    let mut all = String::new();
    for section in doc.select(&sel("main > section:not(#safety), main > header, footer")) {
        all.push_str(&text(section).to_lowercase());
        all.push(' ');
    }
    let said = limber_testutil::wording::banned_words(&all);
    assert!(said.is_empty(), "the report says {said:?}");
}

/// Prints the report with headless Chromium and checks every chart and
/// table made it onto the pages. `scripts/test` installs Chromium and
/// poppler-utils (`pdftotext`).
#[tokio::test]
async fn prints_to_pdf_with_every_chart_and_table() {
    let html = report_html().await;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&page, &html).unwrap();
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| which(b))
        .expect(
            "Chromium is needed for this test: scripts/test installs it (apt-get install chromium)",
        );
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.success() && pdf.exists(),
        "chromium failed: {status}"
    );
    // LIMBER_KEEP_REPORT=DIR keeps the page and the PDF for a look by eye.
    if let Some(keep) = std::env::var_os("LIMBER_KEEP_REPORT") {
        let keep = std::path::PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&page, keep.join("report.html")).unwrap();
        std::fs::copy(&pdf, keep.join("report.pdf")).unwrap();
    }
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed: scripts/test installs poppler-utils");
    // Whitespace removed on both sides: lines may wrap anywhere on paper.
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let text = squash(&String::from_utf8_lossy(&out.stdout));
    let doc = Html::parse_document(&html);
    // Every heading, every table's caption and header row, every chart's
    // caption and the labels drawn inside each chart.
    let mut expected: Vec<String> = doc.select(&sel("h2, h3")).map(self::text).collect();
    expected.extend(doc.select(&sel("table > caption")).map(self::text));
    expected.extend(doc.select(&sel("figcaption")).map(|c| {
        self::text(c)
            .chars()
            .skip(30)
            .take(40)
            .collect::<String>()
            .trim()
            .to_string()
    }));
    expected.extend(doc.select(&sel("svg text.label")).map(self::text));
    expected.extend(
        doc.select(&sel("tbody tr:first-child td:first-child"))
            .map(self::text),
    );
    assert!(expected.len() >= 9 + 6 + 4 + 5, "{expected:?}");
    for e in &expected {
        assert!(
            text.contains(&squash(e)),
            "{e:?} is not on the printed pages"
        );
    }
    // More than one page: the charts start on pages of their own.
    let pages = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&pages.stdout);
    let n: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(n >= 5, "{n} pages");
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
}

#[tokio::test]
async fn an_empty_history_still_gives_a_whole_report() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let data = gather(&store, LOCAL_USER, &Catalog::builtin(), now())
        .await
        .unwrap();
    let html = limber_report::render(&data);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("section.chart svg")).count(), 4);
    assert!(html.contains("No records yet"));
    assert!(html.contains("No safety screen yet"));
    assert!(html.contains("Nothing recorded yet."));
}

#[tokio::test]
async fn the_program_section_shows_the_program_the_user_saved() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    limber_store::Store::create_user(&store, LOCAL_USER)
        .await
        .unwrap();
    let catalog = Catalog::builtin();
    let toml = "id = \"curl\"\nname = \"Just the curl\"\n\n[[steps]]\nexercise = \"back-curl\"\n";
    limber_app::program::save(&store, LOCAL_USER, &catalog, toml, None)
        .await
        .unwrap();
    let data = gather(&store, LOCAL_USER, &catalog, now()).await.unwrap();
    let routine = data.routine.expect("a routine to show");
    assert_eq!(routine.program, "Just the curl");
    let steps: Vec<&str> = routine.steps.iter().map(|s| s.exercise.as_str()).collect();
    assert_eq!(steps, ["back-curl"]);
    let html = limber_report::render(&gather(&store, LOCAL_USER, &catalog, now()).await.unwrap());
    let doc = Html::parse_document(&html);
    let section = doc.select(&sel("section#program")).next().unwrap();
    assert!(
        text(section).contains("Just the curl on the floor after a run"),
        "{}",
        text(section)
    );
}
