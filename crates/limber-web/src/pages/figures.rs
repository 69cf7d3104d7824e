//! Hand-drawn stick figures of each stretch, start and end pose side by
//! side, as inline SVG (styled by the page's CSS, so they follow the light
//! or dark theme). Each has a text title: the pictures add to the words and
//! the voice, they never carry anything alone.

use std::fmt::Write;

/// One figure: which steps it draws (by exercise id, or by the variant's
/// movement or position), what it shows in words, and the two poses as SVG
/// shapes in a 120 × 80 box with the floor at y = 72.
pub struct Figure {
    pub key: &'static str,
    pub title: &'static str,
    pub start: &'static str,
    pub end: &'static str,
}

const FLOOR: &str = r#"<line class="ground" x1="2" y1="72" x2="118" y2="72"/>"#;

pub const FIGURES: [Figure; 7] = [
    Figure {
        key: "lying-thigh-stretch",
        title: "Lying thigh stretch. Start: lying on your back, knees bent, feet flat. End: one ankle crossed over the other knee, hands drawing that knee gently towards your chest.",
        start: r#"<circle cx="14" cy="62" r="6"/><polyline points="20,64 55,66 72,44 88,70 96,70"/><polyline points="24,65 42,70"/>"#,
        end: r#"<circle cx="14" cy="62" r="6"/><polyline points="20,64 55,66 68,40 82,50"/><polyline points="55,66 78,58 68,42"/><polyline points="24,64 62,46"/>"#,
    },
    Figure {
        key: "wall-thigh-stretch",
        title: "Wall thigh stretch. Start: standing with your back against a wall. End: one ankle crossed over the other knee, sliding down the wall a little as if sitting.",
        start: r#"<line class="ground" x1="22" y1="4" x2="22" y2="72"/><circle cx="30" cy="12" r="6"/><polyline points="30,18 30,44 26,72"/><polyline points="30,44 36,72"/><polyline points="30,24 26,42"/><polyline points="30,24 36,42"/>"#,
        end: r#"<line class="ground" x1="22" y1="4" x2="22" y2="72"/><circle cx="30" cy="22" r="6"/><polyline points="30,28 30,50 52,52 52,72"/><polyline points="30,50 46,36 54,50"/><polyline points="30,32 46,40"/>"#,
    },
    Figure {
        key: "seated",
        title: "Seated thigh stretch. Start: sitting upright on a chair, feet flat. End: one ankle crossed over the other knee, leaning forward a little from the hips with a straight back.",
        start: r#"<polyline class="ground" points="20,72 20,48 46,48 46,72"/><line class="ground" x1="20" y1="48" x2="20" y2="20"/><circle cx="28" cy="14" r="6"/><polyline points="28,20 28,46 50,46 52,72"/><polyline points="28,26 40,40"/>"#,
        end: r#"<polyline class="ground" points="20,72 20,48 46,48 46,72"/><line class="ground" x1="20" y1="48" x2="20" y2="20"/><circle cx="40" cy="16" r="6"/><polyline points="36,21 28,46 50,46 52,72"/><polyline points="28,46 46,34 54,44"/><polyline points="34,26 46,38"/>"#,
    },
    Figure {
        key: "standing-thigh-stretch",
        title: "Standing thigh stretch. Start: standing tall with one leg crossed in front of the other. End: reaching slowly down towards the floor, knees soft.",
        start: r#"<circle cx="40" cy="12" r="6"/><polyline points="40,18 40,44"/><polyline points="38,44 46,72"/><polyline points="42,44 34,72"/><polyline points="40,24 34,42"/><polyline points="40,24 46,42"/>"#,
        end: r#"<circle cx="68" cy="54" r="6"/><polyline points="40,44 62,50"/><polyline points="38,44 46,72"/><polyline points="42,44 34,72"/><polyline points="58,50 56,68"/>"#,
    },
    Figure {
        key: "side-bend",
        title: "Standing side-bend. Start: standing tall, feet hip-width apart. End: one arm over your head, leaning gently sideways, no bend forward.",
        start: r#"<circle cx="40" cy="12" r="6"/><polyline points="40,18 40,44 34,72"/><polyline points="40,44 46,72"/><polyline points="40,24 34,42"/><polyline points="40,24 46,42"/>"#,
        end: r#"<circle cx="52" cy="16" r="6"/><polyline points="48,22 40,44 34,72"/><polyline points="40,44 46,72"/><polyline points="46,26 62,8"/><polyline points="45,28 38,46"/>"#,
    },
    Figure {
        key: "back-curl",
        title: "Back curl. Start: lying on your back, knees bent, feet flat. End: both knees hugged gently towards your chest, head lifted towards your knees.",
        start: r#"<circle cx="14" cy="62" r="6"/><polyline points="20,64 55,66 72,44 88,70 96,70"/><polyline points="24,65 42,70"/>"#,
        end: r#"<circle cx="22" cy="50" r="6"/><polyline points="27,55 55,66 42,38 62,34"/><polyline points="31,58 46,42"/>"#,
    },
    Figure {
        key: "full-back-curl",
        title: "Full back curl. Start: lying on your back, legs raised. End: hips lifted and legs taken slowly over your head only as far as is comfortable, arms on the floor.",
        start: r#"<circle cx="14" cy="62" r="6"/><polyline points="20,64 55,66 58,22"/><polyline points="24,67 48,70"/>"#,
        end: r#"<circle cx="80" cy="64" r="6"/><polyline points="72,66 66,34 104,62"/><polyline points="72,69 40,70"/>"#,
    },
];

/// Every figure as a hidden inline SVG; the session page shows the one for
/// the current step.
pub fn all() -> String {
    let mut out = String::new();
    for f in &FIGURES {
        let _ = write!(
            out,
            r#"<svg class="figure" data-figure="{key}" viewBox="0 0 250 96" role="img" aria-labelledby="fig-{key}"><title id="fig-{key}">{title}</title><text x="60" y="10" text-anchor="middle">Start</text><text x="190" y="10" text-anchor="middle">End</text><g transform="translate(0,14)">{FLOOR}{start}</g><g transform="translate(130,14)">{FLOOR}{end}</g><line class="divider" x1="125" y1="14" x2="125" y2="90"/></svg>"#,
            key = f.key,
            title = super::html::esc(f.title),
            start = f.start,
            end = f.end,
        );
    }
    out
}
