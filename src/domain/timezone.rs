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

#[cfg(test)]
mod tests {
    use super::parse_zone;

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
