//! IANA time zones.

use chrono::TimeZone;
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

/// A time zone a form offers: its IANA name (the value sent) and its label, the territory's
/// name and the zone's offset at the moment the form is shown (« La Réunion (UTC+4) »).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ZoneChoice {
    /// The IANA name.
    pub value: String,
    /// What the person reads.
    pub label: String,
}

/// The zones of French Polynesia beyond its default one, with the archipelago they cover.
const POLYNESIA: [(&str, &str); 3] = [
    ("Pacific/Tahiti", "Tahiti"),
    ("Pacific/Marquesas", "Marquises"),
    ("Pacific/Gambier", "Gambier"),
];

/// « UTC+4 », « UTC−9:30 », « UTC » for `zone` at `at` (UTC).
fn offset_label(zone: Tz, at: chrono::NaiveDateTime) -> String {
    use chrono::Offset;
    let seconds = zone.offset_from_utc_datetime(&at).fix().local_minus_utc();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '\u{2212}' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    match minutes % 60 {
        0 => format!("UTC{sign}{}", minutes / 60),
        m => format!("UTC{sign}{}:{m:02}", minutes / 60),
    }
}

/// The programme's zones as a form offers them: each territory's (`(name, zone)`, in the order
/// given), French Polynesia's three archipelagos each with its own; unreadable zones are left out.
pub fn choices(territories: &[(String, String)], at: chrono::NaiveDateTime) -> Vec<ZoneChoice> {
    let mut out: Vec<ZoneChoice> = Vec::new();
    for (name, zone) in territories {
        let Ok(tz) = zone.parse::<Tz>() else { continue };
        if POLYNESIA.iter().any(|(z, _)| *z == zone) {
            for (z, archipelago) in POLYNESIA {
                let Ok(tz) = z.parse::<Tz>() else { continue };
                if !out.iter().any(|c| c.value == z) {
                    out.push(ZoneChoice {
                        value: z.to_owned(),
                        label: format!("{name} — {archipelago} ({})", offset_label(tz, at)),
                    });
                }
            }
        } else if !out.iter().any(|c| c.value == *zone) {
            out.push(ZoneChoice {
                value: zone.clone(),
                label: format!("{name} ({})", offset_label(tz, at)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Zone, choices, parse_zone};

    #[test]
    fn zones_are_offered_by_territory_name() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let list = choices(
            &[
                (
                    "France métropolitaine".to_owned(),
                    "Europe/Paris".to_owned(),
                ),
                ("La Réunion".to_owned(), "Indian/Reunion".to_owned()),
                (
                    "Polynésie française".to_owned(),
                    "Pacific/Tahiti".to_owned(),
                ),
                (
                    "Saint-Pierre-et-Miquelon".to_owned(),
                    "America/Miquelon".to_owned(),
                ),
            ],
            at,
        );
        let labels: Vec<&str> = list.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "France métropolitaine (UTC+1)",
                "La Réunion (UTC+4)",
                "Polynésie française — Tahiti (UTC\u{2212}10)",
                "Polynésie française — Marquises (UTC\u{2212}9:30)",
                "Polynésie française — Gambier (UTC\u{2212}9)",
                "Saint-Pierre-et-Miquelon (UTC\u{2212}3)",
            ]
        );
        assert_eq!(list[1].value, "Indian/Reunion");
    }

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
