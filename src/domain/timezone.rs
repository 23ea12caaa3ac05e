//! IANA time zones.

use chrono_tz::Tz;

/// Parses an IANA zone name (`Europe/Paris`, `Pacific/Marquesas`); abbreviations and offsets are
/// refused because they do not follow daylight-saving changes.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Ce champ est obligatoire.".to_owned());
    }
    if !name.contains('/') && name != "UTC" {
        return Err(format!(
            "« {name} » n'est pas un fuseau horaire IANA (par exemple Europe/Paris)."
        ));
    }
    name.parse::<Tz>().map_err(|_| {
        format!("« {name} » n'est pas un fuseau horaire IANA connu (par exemple Europe/Paris).")
    })
}

/// A stored IANA zone, decoded once where its row is read (`db/`): an unreadable stored name is
/// an error there, never a silent Paris. Serialised as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

impl Zone {
    /// The zone.
    pub fn tz(self) -> Tz {
        self.0
    }

    /// Its IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl From<Tz> for Zone {
    fn from(tz: Tz) -> Self {
        Self(tz)
    }
}

/// A stored zone name that is not an IANA zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored time zone « {0} » is not an IANA zone")]
pub struct UnreadableZone(pub String);

impl TryFrom<String> for Zone {
    type Error = UnreadableZone;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse::<Tz>()
            .map(Self)
            .map_err(|_| UnreadableZone(name))
    }
}

impl PartialEq<&str> for Zone {
    fn eq(&self, name: &&str) -> bool {
        self.name() == *name
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::{Zone, parse_zone};

    #[test]
    fn a_stored_zone_decodes_or_fails() {
        let zone = Zone::try_from("Pacific/Tahiti".to_owned()).unwrap();
        assert_eq!(zone.name(), "Pacific/Tahiti");
        assert_eq!(zone.to_string(), "Pacific/Tahiti");
        assert!(Zone::try_from("Paris".to_owned()).is_err());
    }

    #[test]
    fn real_zones_parse() {
        for zone in [
            "Europe/Paris",
            "America/Miquelon",
            "Pacific/Marquesas",
            "Indian/Reunion",
            "Pacific/Gambier",
        ] {
            assert!(parse_zone(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn invented_or_abbreviated_zones_fail() {
        for zone in ["Europe/Lyon", "CET", "+02:00", "", "Mars/Olympus"] {
            assert!(parse_zone(zone).is_err(), "{zone}");
        }
    }
}
