//! Track points to a run summary: distance by haversine, moving time,
//! elevation gain. Shared by every format, so a GPX and a FIT file of the
//! same points give the same figures.

use jiff::Timestamp;

use super::ParseError;

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Between two points, moving at least this fast (m/s, 1.8 km/h) counts as
/// moving; slower is standing at a crossing or a paused watch.
pub const MOVING_SPEED_M_S: f64 = 0.5;

/// A climb counts once it rises this many metres above the lowest point since
/// the last counted climb, so GPS altitude jitter of a metre or two adds
/// nothing.
pub const CLIMB_THRESHOLD_M: f64 = 3.0;

/// One track point as read from a file; every field may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    pub time: Option<Timestamp>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ele: Option<f64>,
    /// The file's own cumulative distance at this point (TCX, FIT), metres.
    pub distance: Option<f64>,
    /// Where the point is in the file (a line for XML, a record number for
    /// FIT), for error messages.
    pub at: usize,
}

/// Great-circle distance in metres between two positions in degrees.
pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// What the points of one activity add up to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub points: usize,
    /// Points that have a time.
    pub timed: usize,
    /// Haversine distance over consecutive positioned points; `None`
    /// when fewer than two points have a position.
    pub distance_m: Option<f64>,
    /// The largest cumulative distance a point carries.
    pub file_distance_m: Option<f64>,
    pub moving_s: f64,
    pub elevation_gain_m: Option<f64>,
}

/// Accumulates points in file order. Segments (GPX `trkseg`, TCX `Track`)
/// are joined for time but not for distance: a gap between segments is not
/// travelled.
#[derive(Debug)]
pub struct Accumulator {
    /// What a point's `at` counts: "line" or "record".
    unit: &'static str,
    totals: Totals,
    prev: Option<Point>,
    prev_time: Option<(Timestamp, usize)>,
    climb_base: Option<f64>,
    positioned: usize,
    distance: f64,
}

impl Accumulator {
    pub fn new(unit: &'static str) -> Self {
        Self {
            unit,
            totals: Totals::default(),
            prev: None,
            prev_time: None,
            climb_base: None,
            positioned: 0,
            distance: 0.0,
        }
    }

    /// Starts a new segment: the next point is not joined to the last one.
    pub fn break_segment(&mut self) {
        self.prev = None;
    }

    /// Adds the next point. Times must not go backwards.
    pub fn push(&mut self, p: Point) -> Result<(), ParseError> {
        let t = &mut self.totals;
        t.points += 1;
        if let Some(time) = p.time {
            if let Some((prev, prev_at)) = self.prev_time
                && time < prev
            {
                return Err(ParseError::OutOfOrder {
                    unit: self.unit,
                    at: p.at,
                    time,
                    prev_at,
                    prev,
                });
            }
            self.prev_time = Some((time, p.at));
            t.timed += 1;
            t.first.get_or_insert(time);
            t.last = Some(time);
        }
        if let Some(d) = p.distance.filter(|d| d.is_finite() && *d >= 0.0) {
            t.file_distance_m = Some(t.file_distance_m.map_or(d, |x: f64| x.max(d)));
        }
        if let Some(ele) = p.ele.filter(|e| e.is_finite()) {
            let gain = t.elevation_gain_m.get_or_insert(0.0);
            match self.climb_base {
                Some(base) if ele > base + CLIMB_THRESHOLD_M => {
                    *gain += ele - base;
                    self.climb_base = Some(ele);
                }
                Some(base) if ele < base => self.climb_base = Some(ele),
                Some(_) => {}
                None => self.climb_base = Some(ele),
            }
        }
        let has_pos =
            matches!((p.lat, p.lon), (Some(a), Some(b)) if a.is_finite() && b.is_finite());
        if let Some(prev) = self.prev {
            let step = match (prev.lat, prev.lon, p.lat, p.lon) {
                (Some(a), Some(b), Some(c), Some(d)) if has_pos => Some(haversine(a, b, c, d)),
                _ => None,
            };
            let by_distance = match (prev.distance, p.distance) {
                (Some(a), Some(b)) if b >= a => Some(b - a),
                _ => None,
            };
            let step = step.or(by_distance);
            if let Some(step) = step {
                if has_pos {
                    self.distance += step;
                }
                if let (Some(t0), Some(t1)) = (prev.time, p.time) {
                    let dt = t1.duration_since(t0).as_secs_f64();
                    if dt > 0.0 && step / dt >= MOVING_SPEED_M_S {
                        self.totals.moving_s += dt;
                    }
                }
            }
        }
        if has_pos {
            self.positioned += 1;
        }
        // A point without a time or a position cannot start the next step.
        if p.time.is_some() || has_pos {
            self.prev = Some(p);
        }
        Ok(())
    }

    pub fn finish(mut self) -> Totals {
        if self.positioned >= 2 {
            self.totals.distance_m = Some(self.distance);
        }
        self.totals
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: i64) -> Option<Timestamp> {
        Some(Timestamp::from_second(s).unwrap())
    }

    #[test]
    fn one_degree_of_latitude_is_111_km() {
        let d = haversine(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
        // London to Paris, about 343.5 km.
        let d = haversine(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((d - 343_560.0).abs() < 500.0, "{d}");
    }

    #[test]
    fn pauses_are_not_moving_and_segments_are_not_joined() {
        let mut acc = Accumulator::new("line");
        // 0.001° of latitude = 111.2 m every 30 s: 3.7 m/s, moving.
        acc.push(Point {
            time: ts(0),
            lat: Some(0.0),
            lon: Some(0.0),
            ..Point::default()
        })
        .unwrap();
        acc.push(Point {
            time: ts(30),
            lat: Some(0.001),
            lon: Some(0.0),
            ..Point::default()
        })
        .unwrap();
        // Standing still for 120 s.
        acc.push(Point {
            time: ts(150),
            lat: Some(0.001),
            lon: Some(0.0),
            ..Point::default()
        })
        .unwrap();
        acc.break_segment();
        // A new segment far away: the jump is not distance.
        acc.push(Point {
            time: ts(200),
            lat: Some(1.0),
            lon: Some(0.0),
            ..Point::default()
        })
        .unwrap();
        acc.push(Point {
            time: ts(230),
            lat: Some(1.001),
            lon: Some(0.0),
            ..Point::default()
        })
        .unwrap();
        let t = acc.finish();
        assert!(
            (t.distance_m.unwrap() - 222.39).abs() < 0.1,
            "{:?}",
            t.distance_m
        );
        assert_eq!(t.moving_s, 60.0);
        assert_eq!((t.first, t.last, t.points), (ts(0), ts(230), 5));
    }

    #[test]
    fn elevation_gain_ignores_jitter() {
        let mut acc = Accumulator::new("line");
        for (i, e) in [100.0, 101.0, 100.0, 102.0, 110.0, 105.0, 120.0, 119.0]
            .into_iter()
            .enumerate()
        {
            acc.push(Point {
                ele: Some(e),
                at: i,
                ..Point::default()
            })
            .unwrap();
        }
        // 100 → 110 (+10), low 105 → 120 (+15); the 1–2 m wobbles add nothing.
        assert_eq!(acc.finish().elevation_gain_m, Some(25.0));
    }

    #[test]
    fn times_going_backwards_are_refused_with_both_places() {
        let mut acc = Accumulator::new("line");
        acc.push(Point {
            time: ts(10),
            at: 4,
            ..Point::default()
        })
        .unwrap();
        acc.push(Point {
            time: ts(10),
            at: 5,
            ..Point::default()
        })
        .unwrap();
        let err = acc
            .push(Point {
                time: ts(5),
                at: 9,
                ..Point::default()
            })
            .unwrap_err();
        assert!(
            matches!(
                err,
                ParseError::OutOfOrder {
                    at: 9,
                    prev_at: 5,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
