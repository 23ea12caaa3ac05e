//! Where a session takes place and for how many: the one placement rule of cohorts, module
//! sessions and exam sessions. The zone is the one given, else the one kept, else the
//! territory's; a session happens at a venue or remotely; it has at least one seat.

use super::timezone::parse_zone;
use super::validation::FieldErrors;

/// Beside `venue` when a session is neither at a venue nor remote.
pub const VENUE_OR_REMOTE: &str = "Indiquez le lieu, ou cochez « à distance ».";
/// Beside `capacity` when a session has no seat.
pub const AT_LEAST_ONE_SEAT: &str = "La capacité doit être d'au moins une place.";

/// The zone a session gets: the IANA zone given (checked), else the one it has when its
/// territory is not being changed, else its territory's default zone; `None` when none is known
/// (an unknown territory, reported beside `territory`). The error is French, for `timezone`.
pub fn zone(
    given: Option<&str>,
    kept: Option<&str>,
    territory_changed: bool,
    territory_zone: Option<&str>,
) -> Result<Option<String>, String> {
    match given.map(str::trim) {
        Some(name) if !name.is_empty() => parse_zone(name).map(|z| Some(z.name().to_owned())),
        _ => Ok(match (kept, territory_zone) {
            (Some(kept), _) if !territory_changed => Some(kept.to_owned()),
            (_, Some(default)) => Some(default.to_owned()),
            _ => None,
        }),
    }
}

/// A session happens at a venue or remotely, and holds at least one person; each refusal is
/// added beside its field (`venue`, `capacity`).
pub fn check_place_and_seats(
    errors: &mut FieldErrors,
    venue: Option<&str>,
    remote: bool,
    capacity: i32,
) {
    if !remote && venue.is_none_or(|v| v.trim().is_empty()) {
        errors.add("venue", VENUE_OR_REMOTE);
    }
    if capacity <= 0 {
        errors.add("capacity", AT_LEAST_ONE_SEAT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_given_wins_and_is_checked() {
        assert_eq!(
            zone(Some(" Indian/Reunion "), Some("Europe/Paris"), false, None),
            Ok(Some("Indian/Reunion".to_owned()))
        );
        assert!(zone(Some("CET"), None, false, Some("Europe/Paris")).is_err());
    }

    #[test]
    fn else_the_zone_kept_unless_the_territory_changes_else_the_territorys() {
        let kept = Some("Pacific/Marquesas");
        let territory = Some("Pacific/Tahiti");
        assert_eq!(
            zone(None, kept, false, territory),
            Ok(Some("Pacific/Marquesas".to_owned()))
        );
        assert_eq!(
            zone(Some(" "), kept, true, territory),
            Ok(Some("Pacific/Tahiti".to_owned()))
        );
        assert_eq!(
            zone(None, None, false, territory),
            Ok(Some("Pacific/Tahiti".to_owned()))
        );
        assert_eq!(zone(None, None, true, None), Ok(None));
    }

    #[test]
    fn a_venue_or_remote_and_a_seat() {
        let mut errors = FieldErrors::new();
        check_place_and_seats(&mut errors, Some("Lyon"), false, 12);
        check_place_and_seats(&mut errors, None, true, 1);
        assert!(errors.into_result().is_ok());
        let mut errors = FieldErrors::new();
        check_place_and_seats(&mut errors, Some("  "), false, 0);
        let refused = errors.into_result().unwrap_err();
        assert_eq!(refused.get("venue"), Some(VENUE_OR_REMOTE));
        assert_eq!(refused.get("capacity"), Some(AT_LEAST_ONE_SEAT));
    }
}
