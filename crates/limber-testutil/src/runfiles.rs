//! Run files made in code with known answers: a small FIT encoder (enough
//! of the protocol for activity files: definitions, developer fields,
//! compressed-timestamp headers, chaining, the CRC) and GPX/TCX writers.
//! Tests and benchmarks use them so every figure they check is known
//! exactly, and damaged variants (a flipped byte, a cut) are one line.

use std::fmt::Write as _;

/// Seconds between the Unix epoch and FIT's (1989-12-31T00:00:00Z).
pub const FIT_EPOCH: i64 = 631_065_600;

/// FIT's CRC-16 (the SDK's nibble-table algorithm).
pub fn fit_crc(mut crc: u16, bytes: &[u8]) -> u16 {
    const T: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    for &b in bytes {
        let tmp = T[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ T[usize::from(b & 0xF)];
        let tmp = T[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ T[usize::from((b >> 4) & 0xF)];
    }
    crc
}

/// One track point: seconds after the start, position in degrees,
/// elevation and the file's cumulative distance in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    pub t: i64,
    pub lat: f64,
    pub lon: f64,
    pub ele: f64,
    pub dist: f64,
}

/// `n` points heading north from (lat, lon) = (47.0, 8.0), one every
/// `every` seconds, each 0.0001° of latitude (11.12 m) further, climbing
/// 1 m a point for the first half and then level.
pub fn straight_track(n: usize, every: i64) -> Vec<TrackPoint> {
    (0..n)
        .map(|i| TrackPoint {
            t: i as i64 * every,
            lat: 47.0 + i as f64 * 0.0001,
            lon: 8.0,
            ele: 400.0 + (i.min(n / 2)) as f64,
            dist: i as f64 * 11.119_5,
        })
        .collect()
}

/// The session summary a FIT file may carry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitSession {
    /// 1 running, 2 cycling, 11 walking, 17 hiking (FIT `sport`).
    pub sport: u8,
    /// FIT `sub_sport`: 0 generic, 1 treadmill, 3 trail.
    pub sub_sport: u8,
    pub elapsed_s: f64,
    pub timer_s: f64,
    pub distance_m: f64,
    pub ascent_m: u16,
}

/// How to write an activity FIT file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FitActivity {
    /// Unix seconds of the start.
    pub start: i64,
    pub points: Vec<TrackPoint>,
    pub session: Option<FitSession>,
    /// Every record after the first uses a compressed-timestamp header.
    pub compressed_timestamps: bool,
    /// Each record carries a developer field (a "doughnuts" counter).
    pub developer_field: bool,
    /// FIT `file_id.type`: 4 activity, 2 settings.
    pub file_type: u8,
}

/// Builds one FIT file message by message.
#[derive(Debug, Default)]
pub struct FitWriter {
    data: Vec<u8>,
}

const ENUM: u8 = 0x00;
const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const SINT32: u8 = 0x85;
const UINT32: u8 = 0x86;
const STRING: u8 = 0x07;

impl FitWriter {
    /// A definition message for `local`: fields as (number, size, base type),
    /// developer fields as (number, size, developer data index).
    pub fn define(
        &mut self,
        local: u8,
        global: u16,
        fields: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) {
        let header = 0x40 | if dev.is_empty() { 0 } else { 0x20 } | (local & 0x0F);
        self.data.extend([header, 0, 0]);
        self.data.extend(global.to_le_bytes());
        self.data.push(fields.len() as u8);
        for &(n, s, b) in fields {
            self.data.extend([n, s, b]);
        }
        if !dev.is_empty() {
            self.data.push(dev.len() as u8);
            for &(n, s, i) in dev {
                self.data.extend([n, s, i]);
            }
        }
    }

    /// A data message with a normal header.
    pub fn data(&mut self, local: u8, bytes: &[u8]) {
        self.data.push(local & 0x0F);
        self.data.extend(bytes);
    }

    /// A data message with a compressed-timestamp header (local 0–3).
    pub fn compressed(&mut self, local: u8, time_offset: u8, bytes: &[u8]) {
        self.data
            .push(0x80 | ((local & 0x03) << 5) | (time_offset & 0x1F));
        self.data.extend(bytes);
    }

    /// The file: a 14-byte header (its own CRC left 0, "not computed", so
    /// the file CRC covers the header), the messages, the file CRC.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 16);
        out.extend([14u8, 0x20]);
        out.extend(2132u16.to_le_bytes());
        out.extend((self.data.len() as u32).to_le_bytes());
        out.extend(b".FIT");
        out.extend([0, 0]);
        out.extend(&self.data);
        let crc = fit_crc(0, &out);
        out.extend(crc.to_le_bytes());
        out
    }
}

fn semicircles(deg: f64) -> i32 {
    (deg * 2_147_483_648.0 / 180.0).round() as i32
}

fn fit_time(unix: i64) -> u32 {
    (unix - FIT_EPOCH) as u32
}

/// An activity FIT file as described.
pub fn fit_activity(a: &FitActivity) -> Vec<u8> {
    let mut w = FitWriter::default();
    // file_id: type, manufacturer (1 = Garmin), time_created.
    w.define(0, 0, &[(0, 1, ENUM), (1, 2, UINT16), (4, 4, UINT32)], &[]);
    let mut b = vec![if a.file_type == 0 { 4 } else { a.file_type }];
    b.extend(1u16.to_le_bytes());
    b.extend(fit_time(a.start).to_le_bytes());
    w.data(0, &b);

    let dev: &[(u8, u8, u8)] = if a.developer_field {
        // developer_data_id (207): developer_data_index = 0.
        w.define(1, 207, &[(3, 1, UINT8)], &[]);
        w.data(1, &[0]);
        // field_description (206): index 0, field 0, uint8, "doughnuts".
        w.define(
            1,
            206,
            &[(0, 1, UINT8), (1, 1, UINT8), (2, 1, UINT8), (3, 10, STRING)],
            &[],
        );
        let mut d = vec![0, 0, UINT8];
        d.extend(b"doughnuts\0");
        w.data(1, &d);
        &[(0, 1, 0)]
    } else {
        &[]
    };

    // record (20): timestamp, lat, long, distance (1/100 m), enhanced altitude (1/5 m − 500).
    let full = [
        (253, 4, UINT32),
        (0, 4, SINT32),
        (1, 4, SINT32),
        (5, 4, UINT32),
        (78, 4, UINT32),
    ];
    let without_time = [
        (0, 4, SINT32),
        (1, 4, SINT32),
        (5, 4, UINT32),
        (78, 4, UINT32),
    ];
    w.define(2, 20, &full, dev);
    if a.compressed_timestamps {
        w.define(3, 20, &without_time, dev);
    }
    let mut last_time = None::<u32>;
    for (i, p) in a.points.iter().enumerate() {
        let t = fit_time(a.start + p.t);
        let mut body = Vec::new();
        let compress = a.compressed_timestamps && last_time.is_some_and(|l| t >= l && t - l < 32);
        if !compress {
            body.extend(t.to_le_bytes());
        }
        body.extend(semicircles(p.lat).to_le_bytes());
        body.extend(semicircles(p.lon).to_le_bytes());
        body.extend(((p.dist * 100.0).round() as u32).to_le_bytes());
        body.extend((((p.ele + 500.0) * 5.0).round() as u32).to_le_bytes());
        if a.developer_field {
            body.push(i as u8);
        }
        if compress {
            w.compressed(3, (t & 0x1F) as u8, &body);
        } else {
            w.data(2, &body);
            last_time = Some(t);
        }
        if compress {
            last_time = Some(t);
        }
    }

    if let Some(s) = a.session {
        // session (18): timestamp, start_time, elapsed, timer (ms), distance (cm), ascent, sport, sub_sport.
        w.define(
            4,
            18,
            &[
                (253, 4, UINT32),
                (2, 4, UINT32),
                (7, 4, UINT32),
                (8, 4, UINT32),
                (9, 4, UINT32),
                (22, 2, UINT16),
                (5, 1, ENUM),
                (6, 1, ENUM),
            ],
            &[],
        );
        let mut b = Vec::new();
        b.extend(fit_time(a.start + s.elapsed_s as i64).to_le_bytes());
        b.extend(fit_time(a.start).to_le_bytes());
        b.extend(((s.elapsed_s * 1000.0).round() as u32).to_le_bytes());
        b.extend(((s.timer_s * 1000.0).round() as u32).to_le_bytes());
        b.extend(((s.distance_m * 100.0).round() as u32).to_le_bytes());
        b.extend(s.ascent_m.to_le_bytes());
        b.push(s.sport);
        b.push(s.sub_sport);
        w.data(4, &b);
    }
    w.finish()
}

fn iso(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .expect("in range")
        .to_string()
}

/// A GPX 1.1 track of `points` starting at Unix second `start`, with an
/// optional `<type>`.
pub fn gpx(start: i64, points: &[TrackPoint], sport: Option<&str>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"limber tests\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk>\n",
    );
    if let Some(t) = sport {
        let _ = writeln!(s, "<type>{t}</type>");
    }
    s.push_str("<trkseg>\n");
    for p in points {
        let _ = writeln!(
            s,
            "<trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>{:.1}</ele><time>{}</time></trkpt>",
            p.lat,
            p.lon,
            p.ele,
            iso(start + p.t)
        );
    }
    s.push_str("</trkseg>\n</trk>\n</gpx>\n");
    s
}

/// A one-lap TCX activity; the lap carries `lap_distance` and `lap_time`
/// when given.
pub fn tcx(
    start: i64,
    points: &[TrackPoint],
    sport: &str,
    lap_distance: Option<f64>,
    lap_time: Option<f64>,
) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">\n<Activities>\n",
    );
    let _ = writeln!(s, "<Activity Sport=\"{sport}\">\n<Id>{}</Id>", iso(start));
    let _ = writeln!(s, "<Lap StartTime=\"{}\">", iso(start));
    if let Some(t) = lap_time {
        let _ = writeln!(s, "<TotalTimeSeconds>{t}</TotalTimeSeconds>");
    }
    if let Some(d) = lap_distance {
        let _ = writeln!(s, "<DistanceMeters>{d}</DistanceMeters>");
    }
    s.push_str("<Track>\n");
    for p in points {
        let _ = writeln!(
            s,
            "<Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{:.7}</LatitudeDegrees><LongitudeDegrees>{:.7}</LongitudeDegrees></Position><AltitudeMeters>{:.1}</AltitudeMeters><DistanceMeters>{:.2}</DistanceMeters></Trackpoint>",
            iso(start + p.t),
            p.lat,
            p.lon,
            p.ele,
            p.dist
        );
    }
    s.push_str("</Track>\n</Lap>\n</Activity>\n</Activities>\n</TrainingCenterDatabase>\n");
    s
}
