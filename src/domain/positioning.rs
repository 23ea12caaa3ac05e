//! The positioning test: a score on the training body's scale selects a track.

/// A test's scale (default 0–1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Lowest possible score.
    pub min: i32,
    /// Highest possible score.
    pub max: i32,
}

/// A track's score range, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackRange {
    /// The track's id.
    pub track_id: i64,
    /// Lowest score selecting it.
    pub min: i32,
    /// Highest score selecting it.
    pub max: i32,
}

/// Refuses a score outside the scale.
pub fn check_score(scale: Scale, score: i32) -> Result<i32, String> {
    if (scale.min..=scale.max).contains(&score) {
        Ok(score)
    } else {
        Err(format!(
            "Le score doit être compris entre {} et {} (échelle du test).",
            scale.min, scale.max
        ))
    }
}

/// The track whose range holds `score`; ranges are checked not to overlap when configured, so at
/// most one matches. `None` means the configuration leaves a gap.
pub fn select_track(ranges: &[TrackRange], score: i32) -> Option<i64> {
    ranges
        .iter()
        .find(|r| (r.min..=r.max).contains(&score))
        .map(|r| r.track_id)
}

/// Whether a new range `[min, max]` overlaps one of `ranges` (other than `except`).
pub fn overlaps(ranges: &[TrackRange], min: i32, max: i32, except: Option<i64>) -> bool {
    ranges
        .iter()
        .filter(|r| Some(r.track_id) != except)
        .any(|r| r.min <= max && min <= r.max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCALE: Scale = Scale { min: 0, max: 1024 };

    fn ranges() -> Vec<TrackRange> {
        vec![
            TrackRange {
                track_id: 315,
                min: 0,
                max: 383,
            },
            TrackRange {
                track_id: 175,
                min: 384,
                max: 639,
            },
            TrackRange {
                track_id: 70,
                min: 640,
                max: 1024,
            },
        ]
    }

    #[test]
    fn score_must_lie_on_the_scale() {
        assert!(check_score(SCALE, 0).is_ok());
        assert!(check_score(SCALE, 1024).is_ok());
        assert!(check_score(SCALE, -1).is_err());
        assert!(check_score(SCALE, 1025).is_err());
    }

    #[test]
    fn beginners_get_the_long_track() {
        assert_eq!(select_track(&ranges(), 0), Some(315));
        assert_eq!(select_track(&ranges(), 383), Some(315));
        assert_eq!(select_track(&ranges(), 384), Some(175));
        assert_eq!(select_track(&ranges(), 700), Some(70));
    }

    #[test]
    fn overlapping_ranges_are_detected() {
        assert!(overlaps(&ranges(), 600, 700, None));
        assert!(!overlaps(&ranges(), 384, 639, Some(175)));
        assert!(!overlaps(&ranges()[..1], 384, 500, None));
    }
}
