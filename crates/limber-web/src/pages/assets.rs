//! The files the pages load, embedded in the binary.

/// One embedded file.
pub struct Asset {
    pub name: &'static str,
    pub mime: &'static str,
    pub bytes: &'static [u8],
}

impl Asset {
    /// A strong ETag: a 64-bit FNV-1a hash of the bytes.
    pub fn etag(&self) -> String {
        format!("\"{}\"", fnv(self.bytes))
    }
}

/// A 64-bit FNV-1a hash in hex.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

macro_rules! assets {
    ($( $name:literal => $mime:literal ),* $(,)?) => {
        /// Every embedded asset.
        pub const ASSETS: &[Asset] = &[
            $( Asset {
                name: $name,
                mime: $mime,
                bytes: include_bytes!(concat!("../../assets/", $name)),
            }, )*
        ];
    };
}

assets! {
    "app.css" => "text/css; charset=utf-8",
    "app.js" => "text/javascript; charset=utf-8",
    "player.js" => "text/javascript; charset=utf-8",
    "session.js" => "text/javascript; charset=utf-8",
    "today.js" => "text/javascript; charset=utf-8",
    "diary.js" => "text/javascript; charset=utf-8",
    "history.js" => "text/javascript; charset=utf-8",
    "settings.js" => "text/javascript; charset=utf-8",
    "screen.js" => "text/javascript; charset=utf-8",
    "icon.svg" => "image/svg+xml",
    "icon-192.png" => "image/png",
    "icon-512.png" => "image/png",
    "manifest.webmanifest" => "application/manifest+json",
    "sw.js" => "text/javascript; charset=utf-8",
}

/// The embedded file called `name`.
pub fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The pages the service worker keeps for offline use.
pub const SHELL_PAGES: [&str; 7] = [
    "/",
    "/session",
    "/diary",
    "/history",
    "/settings",
    "/screen",
    "/help",
];

/// `sw.js` with its cache version (a hash of every asset, so a new binary's
/// files replace the old) and the list of what it keeps.
pub fn service_worker() -> &'static str {
    static SW: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SW.get_or_init(|| {
        let template = asset("sw.js").map_or("", |a| std::str::from_utf8(a.bytes).unwrap_or(""));
        let version: String = ASSETS.iter().map(|a| a.etag()).collect::<Vec<_>>().join("");
        let version = fnv(version.as_bytes());
        let mut shell: Vec<String> = SHELL_PAGES.iter().map(|p| format!("\"{p}\"")).collect();
        shell.push("\"/manifest.webmanifest\"".into());
        shell.extend(
            ASSETS
                .iter()
                .filter(|a| a.name != "sw.js" && a.name != "manifest.webmanifest")
                .map(|a| format!("\"/assets/{}\"", a.name)),
        );
        template
            .replace("__VERSION__", &version)
            .replace("__SHELL__", &format!("[{}]", shell.join(", ")))
    })
}
