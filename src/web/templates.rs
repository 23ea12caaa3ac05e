//! Tera templates, embedded from `templates/`, with the filters pages use.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use include_dir::{Dir, include_dir};
use tera::{Tera, Value};

use crate::assets::Assets;
pub use crate::domain::french::{french_date, french_instant, french_time};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
    for file in dir.files() {
        if let (Some(path), Some(text)) = (file.path().to_str(), file.contents_utf8())
            && file
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "html" | "txt" | "svg"))
        {
            out.push((path.to_owned(), text));
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

#[expect(clippy::unnecessary_wraps, reason = "tera's filter signature")]
fn date_fr(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default();
    // A date, or the date part of an instant (`2027-03-13T09:00:00`).
    match NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
        Ok(date) => Ok(Value::String(french_date(date))),
        Err(_) => Ok(Value::String(text.to_owned())),
    }
}

#[expect(clippy::unnecessary_wraps, reason = "tera's filter signature")]
fn date_short(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default();
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => Ok(Value::String(date.format("%d/%m/%Y").to_string())),
        Err(_) => Ok(Value::String(text.to_owned())),
    }
}

#[expect(clippy::unnecessary_wraps, reason = "tera's filter signature")]
fn time_fr(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(french_time(
        value.as_str().unwrap_or_default(),
    )))
}

fn local_fr(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default().trim_end_matches('Z');
    let utc = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .map_err(|e| tera::Error::msg(format!("local_fr: {text}: {e}")))?;
    let zone = args
        .get("tz")
        .and_then(Value::as_str)
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Europe::Paris);
    Ok(Value::String(french_instant(utc, zone)))
}

/// The templates parsed with their filters, once per process: they are embedded in the binary,
/// so every state built in the same process (each test's server among them) shares one parse.
fn parsed() -> anyhow::Result<Tera> {
    static PARSED: OnceLock<Result<Tera, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            let mut files = Vec::new();
            collect(&TEMPLATES, &mut files);
            let mut tera = Tera::default();
            tera.autoescape_on(vec![".html", ".svg"]);
            tera.add_raw_templates(files)
                .map_err(|e| format!("{e:?}"))?;
            tera.register_filter("date_fr", date_fr);
            tera.register_filter("date_short", date_short);
            tera.register_filter("time_fr", time_fr);
            tera.register_filter("local_fr", local_fr);
            super::words::register(&mut tera);
            Ok(tera)
        })
        .clone()
        .map_err(|e| anyhow::anyhow!("templates: {e}"))
}

/// Every template with the filters `date_fr`, `date_short`, `time_fr`, `local_fr` and the
/// `asset()` function that names `assets`' fingerprinted files, and `accessibility_status()`
/// (the footer's « non conforme », as `accessibility` last read it).
pub fn load(
    assets: &Assets,
    accessibility: crate::services::accessibility::StatusCell,
) -> anyhow::Result<Tera> {
    let mut tera = parsed()?;
    let urls: HashMap<String, String> = ["app.css", "app.js", "favicon.svg", "signing.js"]
        .iter()
        .map(|name| ((*name).to_owned(), assets.url(name)))
        .collect();
    tera.register_function(
        "asset",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let name = args
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| tera::Error::msg("asset(name=…) expected"))?;
            Ok(Value::String(
                urls.get(name)
                    .cloned()
                    .unwrap_or_else(|| format!("/assets/{name}")),
            ))
        },
    );
    tera.register_function(
        "accessibility_status",
        move |_: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(accessibility.get().label().to_owned()))
        },
    );
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_french() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(french_date(d), "mardi 3 mars 2026");
        let first = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        assert_eq!(french_date(first), "samedi 1er août 2026");
    }

    #[test]
    fn times_read_in_french() {
        assert_eq!(french_time("09:00"), "9 h 00");
        assert_eq!(french_time("17:30"), "17 h 30");
        assert_eq!(french_time("00:15"), "0 h 15");
    }

    #[test]
    fn instants_read_in_the_session_zone_with_paris_beside() {
        let utc = NaiveDate::from_ymd_opt(2026, 3, 3)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(
            french_instant(utc, chrono_tz::Europe::Paris),
            "mardi 3 mars 2026, 9 h 00"
        );
        assert_eq!(
            french_instant(utc, chrono_tz::Indian::Reunion),
            "mardi 3 mars 2026, 12 h 00 (9 h 00 à Paris)"
        );
        assert_eq!(
            french_instant(utc, chrono_tz::Pacific::Tahiti),
            "lundi 2 mars 2026, 22 h 00 (03/03 9 h 00 à Paris)"
        );
    }

    #[test]
    fn every_template_compiles() {
        if let Err(e) = load(
            &Assets::load(),
            crate::services::accessibility::StatusCell::default(),
        ) {
            panic!("{e:?}");
        }
    }
}
