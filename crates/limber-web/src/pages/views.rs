//! The body of each page. What changes (the plan, the diary, the figures of
//! the stats) is filled in by the page's script from the API; what does not
//! (safety words, the screen's questions, the stick figures) is here.

use std::fmt::Write;

use limber_core::safety::{Question, Tier};

use super::figures;
use super::html::{Page, disclaimer, emergency, esc};

/// The first-use reminder, shown until the person says they have read it.
fn first_use() -> String {
    format!(
        r#"<section id="first-use" class="panel notice" aria-labelledby="first-use-h" hidden>
<h2 id="first-use-h">Before you start</h2>
{}
<button type="button" id="first-use-ok" class="primary">I have read this</button>
</section>"#,
        disclaimer()
    )
}

pub fn today() -> String {
    let body = format!(
        r#"{first_use}
<section class="panel" aria-labelledby="plan-h">
<h2 id="plan-h">Plan a session</h2>
<form id="plan-form" action="/session" method="get">
<fieldset>
<legend>Where are you?</legend>
<label class="choice"><input type="radio" name="where" value="floor" checked> Room to lie on the floor</label>
<label class="choice"><input type="radio" name="where" value="wall"> At work: a wall, no floor</label>
<label class="choice"><input type="radio" name="where" value="standing"> Standing only</label>
</fieldset>
<label class="choice"><input type="checkbox" name="context" value="after-run"> Cooling down after a run</label>
<label for="minutes">Time you have, in minutes (optional)</label>
<input type="number" id="minutes" name="minutes" min="1" max="120" inputmode="numeric">
<p class="actions"><button type="submit" class="primary" id="start">Start</button></p>
</form>
</section>
<section id="block" class="panel alert" aria-labelledby="block-h" hidden>
<h2 id="block-h">Not today, for now</h2>
<div id="block-text"></div>
<p class="actions" id="block-actions"></p>
</section>
<section class="panel" aria-labelledby="routine-h">
<h2 id="routine-h">The routine</h2>
<p id="plan-status" role="status" aria-live="polite">Loading the plan…</p>
<p id="plan-program"></p>
<ol id="plan-steps" class="steps"></ol>
<div id="plan-left-out" hidden><h3>Left out today</h3><ul id="plan-left-out-list"></ul></div>
<ul id="plan-notes" class="notes"></ul>
</section>"#,
        first_use = first_use()
    );
    Page {
        id: "today",
        title: "Today",
        scripts: &["today.js"],
        body,
    }
    .render()
}

pub fn session() -> String {
    let pain_buttons = |name: &str| {
        let mut out = String::new();
        for v in 0..=10 {
            let _ = write!(
                out,
                r#"<button type="button" class="pain-btn" data-{name}="{v}" aria-label="Pain {v} of 10">{v}</button>"#
            );
        }
        out
    };
    let body = format!(
        r#"<div id="session" class="session" data-state="loading">
<p id="load-status" role="status" aria-live="polite">Loading your routine…</p>
<section id="begin" class="panel" aria-labelledby="begin-h" hidden>
<h2 id="begin-h">Ready when you are</h2>
<ol id="begin-steps" class="steps"></ol>
<fieldset class="pain-row"><legend>Pain now, before you start (optional): 0 no pain, 10 worst imaginable</legend>{before}</fieldset>
<p class="pain-chosen" id="before-chosen" aria-live="polite"></p>
<label class="choice"><input type="checkbox" id="voice"> Speak the cues (follow by ear, phone on the floor)</label>
<p class="actions"><button type="button" id="begin-btn" class="primary big-btn">Begin</button></p>
</section>
<section id="run" class="run" aria-labelledby="exercise-name" hidden>
<p id="cue" class="cue" role="status" aria-live="polite"></p>
<div class="stage">
<div class="figures" id="figures">{figures}</div>
<div class="counter"><span id="count" class="count">0</span><span id="count-of" class="count-of"></span><span id="side" class="side"></span></div>
</div>
<h2 id="exercise-name">…</h2>
<p id="hold-of" class="hold-of"></p>
<label for="phase-progress" id="phase-label">This hold</label>
<progress id="phase-progress" max="1" value="0"></progress>
<label for="routine-progress">Whole routine</label>
<progress id="routine-progress" max="1" value="0"></progress>
<p class="next">Next: <span id="next"></span></p>
<details class="how"><summary>How to do it</summary><ol id="instructions"></ol><ul id="step-cues"></ul></details>
<section id="halt" class="panel alert" aria-labelledby="halt-title" hidden>
<h2 id="halt-title"></h2>
<p id="halt-text"></p>
<p class="actions" id="halt-choices"></p>
</section>
<div class="controls">
<button type="button" id="ready" class="primary big-btn" hidden>In position</button>
<button type="button" id="pause">Pause</button>
<button type="button" id="back">Back</button>
<button type="button" id="skip">Skip exercise</button>
<button type="button" id="slower" aria-label="Count slower">Slower</button>
<button type="button" id="faster" aria-label="Count faster">Faster</button>
<button type="button" id="quit">End session</button>
</div>
<fieldset class="pain-row"><legend>Pain now: 0 no pain, 10 worst imaginable</legend>{during}</fieldset>
<div class="symptoms">
<button type="button" data-event="hurts-more">It hurts more</button>
<button type="button" data-event="spreading">Spreading down my leg, or new numbness</button>
<button type="button" data-event="sharp-pain">Sharp or electric pain</button>
<button type="button" data-event="centralizing">Moving back up towards my spine</button>
<button type="button" id="red-flag-open" class="danger">Urgent symptoms</button>
<button type="button" id="emergency-open">Emergency list</button>
</div>
</section>
<section id="done" class="panel" aria-labelledby="done-h" hidden>
<h2 id="done-h">Session ended</h2>
<p id="done-text"></p>
<div id="after-rating">
<fieldset class="pain-row"><legend>Pain now, after the routine (optional)</legend>{after}</fieldset>
<p class="actions"><button type="button" id="save-no-rating">Save without a rating</button></p>
</div>
<p id="save-status" role="status" aria-live="polite"></p>
<p class="actions"><a class="button" href="/">Back to Today</a> <a class="button" href="/diary">Log pain in the diary</a></p>
</section>
<dialog id="red-flag-dialog" aria-labelledby="red-flag-h">
<h2 id="red-flag-h">Do you have any of these?</h2>
<ul>
<li>Numbness or tingling around your genitals, back passage, buttocks or inner thighs</li>
<li>New trouble passing urine or controlling your bladder or bowels</li>
<li>Pain, numbness or weakness in both legs</li>
<li>Weakness in a leg or foot that is getting worse</li>
</ul>
<p>If so, the session ends now and sessions stay locked until you answer the safety questions again.</p>
<p class="actions"><button type="button" id="red-flag-yes" class="danger">Yes: end the session</button> <button type="button" id="red-flag-no">No, go back</button></p>
</dialog>
<dialog id="emergency-dialog" aria-labelledby="emergency-h">
<h2 id="emergency-h">Get urgent help</h2>
{emergency}
<p class="actions"><button type="button" id="emergency-close">Close</button></p>
</dialog>
</div>"#,
        before = pain_buttons("before"),
        during = pain_buttons("rate"),
        after = pain_buttons("after"),
        figures = figures::all(),
        emergency = emergency(),
    );
    Page {
        id: "session",
        title: "Guided session",
        scripts: &["player.js", "session.js"],
        body,
    }
    .render()
}

/// The body map: back, buttock, thigh, below the knee and foot, each side,
/// as toggle buttons drawn on a figure seen from behind.
fn body_map() -> String {
    // (region, side, shape) on a 200 × 310 figure seen from behind:
    // the person's left is on the left of the picture.
    const REGIONS: [(&str, &str, &str); 10] = [
        (
            "back",
            "left",
            r#"<rect x="71" y="70" width="28" height="60" rx="6"/>"#,
        ),
        (
            "back",
            "right",
            r#"<rect x="101" y="70" width="28" height="60" rx="6"/>"#,
        ),
        (
            "buttock",
            "left",
            r#"<rect x="70" y="132" width="29" height="36" rx="12"/>"#,
        ),
        (
            "buttock",
            "right",
            r#"<rect x="101" y="132" width="29" height="36" rx="12"/>"#,
        ),
        (
            "thigh",
            "left",
            r#"<rect x="71" y="170" width="27" height="50" rx="8"/>"#,
        ),
        (
            "thigh",
            "right",
            r#"<rect x="102" y="170" width="27" height="50" rx="8"/>"#,
        ),
        (
            "below-knee",
            "left",
            r#"<rect x="72" y="222" width="26" height="52" rx="8"/>"#,
        ),
        (
            "below-knee",
            "right",
            r#"<rect x="102" y="222" width="26" height="52" rx="8"/>"#,
        ),
        (
            "foot",
            "left",
            r#"<rect x="66" y="276" width="30" height="28" rx="8"/>"#,
        ),
        (
            "foot",
            "right",
            r#"<rect x="104" y="276" width="30" height="28" rx="8"/>"#,
        ),
    ];
    let words = |region: &str| match region {
        "back" => "low back",
        "buttock" => "buttock",
        "thigh" => "thigh",
        "below-knee" => "below the knee",
        _ => "foot",
    };
    let mut out = String::from(
        r#"<svg class="body-map" viewBox="0 0 200 310" role="group" aria-labelledby="body-map-h">
<circle class="outline" cx="100" cy="30" r="20"/>
<rect class="outline" x="66" y="52" width="68" height="8" rx="4"/>
<line class="outline" x1="66" y1="60" x2="46" y2="150"/><line class="outline" x1="134" y1="60" x2="154" y2="150"/>
<text x="30" y="20" class="map-side">Left</text><text x="170" y="20" class="map-side" text-anchor="end">Right</text>
"#,
    );
    for (region, side, shape) in REGIONS {
        let _ = writeln!(
            out,
            r#"<g class="region" role="checkbox" tabindex="0" aria-checked="false" data-region="{region}" data-side="{side}" aria-label="{side} {words}">{shape}</g>"#,
            words = words(region)
        );
    }
    out.push_str("</svg>");
    out
}

pub fn diary() -> String {
    let pain_select = |id: &str, label: &str| {
        let mut out = format!(
            r#"<label for="{id}">{label}</label><select id="{id}" name="{id}"><option value="">Not rated</option>"#
        );
        for v in 0..=10 {
            let _ = write!(out, r#"<option value="{v}">{v}</option>"#);
        }
        out.push_str("</select>");
        out
    };
    let body = format!(
        r#"<section class="panel" aria-labelledby="log-h">
<h2 id="log-h">Log pain</h2>
<form id="pain-form">
<div class="two">
<div>{back}</div>
<div>{leg}</div>
</div>
<p class="hint">0 no pain, 10 worst imaginable.</p>
<h3 id="body-map-h">Where do you feel it? Tap every place.</h3>
<div class="map-wrap">{map}</div>
<p id="map-summary" aria-live="polite">Nothing marked yet.</p>
<fieldset>
<legend>What is it like?</legend>
<label class="choice"><input type="checkbox" name="quality" value="electric"> Electric jolt</label>
<label class="choice"><input type="checkbox" name="quality" value="burning"> Burning</label>
<label class="choice"><input type="checkbox" name="quality" value="numbness"> Numbness</label>
<label class="choice"><input type="checkbox" name="quality" value="tingling"> Tingling</label>
<label class="choice"><input type="checkbox" name="quality" value="ache"> Ache</label>
</fieldset>
<label class="choice"><input type="checkbox" name="weakness" id="weakness"> Weakness in the leg or foot</label>
<label for="note">Note (optional)</label>
<textarea id="note" name="note" rows="3" maxlength="2000"></textarea>
<p class="actions"><button type="submit" class="primary">Save</button></p>
<p id="pain-status" role="status" aria-live="polite"></p>
<div id="pain-advice" class="alert" role="alert" hidden></div>
</form>
</section>
<section class="panel" aria-labelledby="morning-h">
<h2 id="morning-h">Morning check</h2>
<p id="morning-due" class="notice" hidden>You stretched yesterday: how are things this morning?</p>
<p>The morning after a session: how do your back and leg feel on waking? A morning above your usual level suggests a lighter session; two in a row pause the program and advise seeing a clinician.</p>
<p id="morning-advice" role="status" aria-live="polite"></p>
<form id="morning-form">
<div class="two">
<div>{morning_back}</div>
<div>{morning_leg}</div>
</div>
{stiffness}
<p class="actions"><button type="submit">Save the morning check</button></p>
<p id="morning-status" role="status" aria-live="polite"></p>
</form>
</section>"#,
        back = pain_select("back", "Back pain now"),
        leg = pain_select("leg", "Leg pain now"),
        map = body_map(),
        morning_back = pain_select("morning-back", "Back pain on waking"),
        morning_leg = pain_select("morning-leg", "Leg pain on waking"),
        stiffness = pain_select("stiffness", "Stiffness on waking"),
    );
    Page {
        id: "diary",
        title: "Diary",
        scripts: &["diary.js"],
        body,
    }
    .render()
}

pub fn history() -> String {
    let body = r#"<section class="panel" aria-labelledby="insights-h">
<h2 id="insights-h">Insights</h2>
<p id="stats-status" role="status" aria-live="polite">Loading…</p>
<div id="stats"></div>
</section>
<section class="panel" aria-labelledby="recent-h">
<h2 id="recent-h">Recent sessions and diary entries</h2>
<p id="history-status" role="status" aria-live="polite">Loading…</p>
<ol id="history-list" class="history"></ol>
<p class="actions"><button type="button" id="history-more" hidden>Show older</button></p>
</section>
<section class="panel" aria-labelledby="runs-h">
<h2 id="runs-h">Runs</h2>
<p id="runs-status" role="status" aria-live="polite">Loading…</p>
<table id="runs-table" hidden>
<caption>Imported activities, newest first, and whether each run got its cool-down (a session within 60 minutes of its end)</caption>
<thead><tr><th scope="col">Start</th><th scope="col">Activity</th><th scope="col">km</th><th scope="col">Moving minutes</th><th scope="col">Cool-down</th></tr></thead>
<tbody id="runs-list"></tbody>
</table>
<div id="drop-zone" class="drop-zone">
<p>Drop GPX, TCX or FIT files here (also .gz, up to 64 MB each), or choose them:</p>
<label for="run-files">Run files</label>
<input type="file" id="run-files" multiple accept=".gpx,.tcx,.fit,.gz,application/gpx+xml,application/octet-stream">
</div>
<p id="upload-status" role="status" aria-live="polite"></p>
<ul id="upload-results"></ul>
</section>"#
        .to_string();
    Page {
        id: "history",
        title: "History and insights",
        scripts: &["history.js"],
        body,
    }
    .render()
}

pub fn settings() -> String {
    let body = r#"<section class="panel" aria-labelledby="prefs-h">
<h2 id="prefs-h">Pace and voice</h2>
<form id="prefs-form">
<label for="pace">Counting pace, counts a second (0.5 to 2.0; 1 means a count of 20 takes 20 seconds)</label>
<input type="number" id="pace" name="pace" min="0.5" max="2" step="0.1" value="1" inputmode="decimal">
<label class="choice"><input type="checkbox" id="voice-setting" name="voice"> Speak the cues during a session</label>
<p class="actions"><button type="submit">Save</button></p>
<p id="prefs-status" role="status" aria-live="polite"></p>
</form>
</section>
<section class="panel" aria-labelledby="curl-h">
<h2 id="curl-h">Full back curl</h2>
<p id="curl-state" role="status" aria-live="polite">Loading…</p>
<div id="curl-about" hidden>
<p>It is off unless you confirm none of these apply to you:</p>
<ul id="curl-cautions"></ul>
</div>
<form id="curl-form">
<label class="choice"><input type="checkbox" id="curl-confirm" name="confirm"> None of these apply to me</label>
<label for="curl-level">Depth level (start at 1; go deeper only after sessions without a stop)</label>
<select id="curl-level" name="level"><option value="1">1</option></select>
<p id="curl-level-text" class="why"></p>
<div id="curl-deepest" hidden>
<p>The deepest level puts the most load on the neck and the nerve down the leg: limber offers it only when your clinician has cleared it for you.</p>
<label class="choice"><input type="checkbox" id="curl-cleared" name="clinician_cleared"> My clinician has cleared me for the deepest level</label>
</div>
<p class="actions"><button type="submit" id="curl-save">Turn on</button> <button type="button" id="curl-off">Turn off</button></p>
<p id="curl-status" role="status" aria-live="polite"></p>
</form>
</section>
<section class="panel" aria-labelledby="program-h">
<h2 id="program-h">Your program</h2>
<p id="program-source" role="status" aria-live="polite">Loading…</p>
<p>A clinician can write a program as a TOML file. Check shows every problem with its line and field; Save program keeps it for your plans only when it has no errors.</p>
<form id="program-form">
<label for="program-file">Open a program file (.toml)</label>
<input type="file" id="program-file" accept=".toml,text/plain">
<label for="program-text">Program</label>
<textarea id="program-text" rows="12" spellcheck="false" aria-describedby="program-result"></textarea>
<p class="actions"><button type="submit">Check</button> <button type="button" id="program-save" class="primary">Save program</button> <button type="button" id="program-reset">Back to the Runner’s cool-down</button></p>
<div id="program-result" role="status" aria-live="polite"></div>
</form>
</section>
<section class="panel" aria-labelledby="rescreen-h">
<h2 id="rescreen-h">Safety questions</h2>
<p>Answer them again whenever something changes, such as new symptoms.</p>
<p class="actions"><a class="button" href="/screen">Answer the safety questions</a></p>
</section>"#
        .to_string();
    Page {
        id: "settings",
        title: "Settings",
        scripts: &["settings.js"],
        body,
    }
    .render()
}

pub fn screen() -> String {
    let mut questions = String::new();
    let tiers = [
        (Tier::Emergency, "Signs that need urgent help"),
        (Tier::SameDay, "Signs that need a doctor today"),
        (Tier::Soon, "Signs to talk through with your doctor soon"),
        (Tier::Caution, "Things that change which stretches suit you"),
    ];
    for (tier, heading) in tiers {
        let _ = write!(questions, "<h2>{}</h2>", esc(heading));
        for q in Question::ALL.iter().filter(|q| q.tier() == tier) {
            let key = q.key();
            let _ = write!(
                questions,
                r#"<fieldset class="question"><legend>{text}</legend>
<label class="choice"><input type="radio" name="{key}" value="no" required> No</label>
<label class="choice"><input type="radio" name="{key}" value="yes"> Yes</label>
</fieldset>"#,
                text = esc(q.text())
            );
        }
    }
    let body = format!(
        r#"<section class="panel notice" aria-labelledby="screen-about-h">
<h2 id="screen-about-h">Why these questions</h2>
{disclaimer}
<p>A few questions check for signs that need a doctor rather than stretching. Your answers stay on this device.</p>
</section>
<form id="screen-form" class="panel">
<p class="actions"><button type="button" id="none-apply">None of these apply to me</button></p>
{questions}
<p class="actions"><button type="submit" class="primary">Save my answers</button></p>
<div id="screen-result" role="status" aria-live="polite"></div>
</form>"#,
        disclaimer = disclaimer()
    );
    Page {
        id: "screen",
        title: "Safety questions",
        scripts: &["screen.js"],
        body,
    }
    .render()
}

pub fn help() -> String {
    let body = format!(
        r#"<section id="urgent" class="panel alert" aria-labelledby="urgent-h">
<h2 id="urgent-h">Urgent help</h2>
{emergency}
</section>
<section id="safety" class="panel" aria-labelledby="safety-h">
<h2 id="safety-h">Safety</h2>
{disclaimer}
<p>During a session, stop the stretch and tell limber if pain spreads down your leg, you feel new numbness or tingling, a sharp or electric pain, or pain above 5 out of 10. Pain moving back up towards your spine is generally a good sign.</p>
</section>
<section class="panel" aria-labelledby="how-h">
<h2 id="how-h">How a session works</h2>
<p>Each stretch starts with a short get-ready, then a hold of a count of 20 (one count a second unless you change the pace), then a short rest to release and switch sides: right, left, right, left. The last five counts are spoken, and a clear sound ends each hold, so you can follow with the phone on the floor.</p>
<p>Buttons during a session: Pause, Back (to the start of this hold; twice quickly for the hold before), Skip exercise, Slower and Faster, End session. Rate your pain from 0 to 10 at any time with one tap.</p>
<p>After one visit, limber works without a connection: sessions and diary entries made offline are saved here and sent when the server is back, once each.</p>
</section>"#,
        emergency = emergency(),
        disclaimer = disclaimer()
    );
    Page {
        id: "help",
        title: "Help",
        scripts: &[],
        body,
    }
    .render()
}
