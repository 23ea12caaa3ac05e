//! The COG lists in use: the ones embedded in the binary (`src/data/cog/`, see its README), unless
//! `parcours cog refresh --from FILE` loaded newer ones into the database, which every instance
//! then reads. Parsed once per process and kept until the database holds a newer load.

use std::io::Read;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::geo_lists::{self, GeoListRow};
use crate::db::{self, DbConn};
use crate::domain::geo::GeoIndex;
use crate::error::{AppError, AppResult};

const EMBEDDED_COMMUNES: &[u8] = include_bytes!("../data/cog/communes.json.gz");
const EMBEDDED_COUNTRIES: &[u8] = include_bytes!("../data/cog/v_pays_2025.csv");
const EMBEDDED_COMMUNES_SOURCE: &str = "@etalab/decoupage-administratif 6.0.0 (COG 2025)";
const EMBEDDED_COUNTRIES_SOURCE: &str = "INSEE, COG 2025, pays et territoires étrangers";

/// The date the embedded lists describe.
fn embedded_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
}

/// The index in use and the load it was built from.
type Cached = (Option<NaiveDateTime>, Arc<GeoIndex>);
static CACHE: Mutex<Option<Cached>> = Mutex::new(None);

/// The lists in use, indexed.
pub fn index(conn: &mut DbConn) -> AppResult<Arc<GeoIndex>> {
    let stamp = geo_lists::last_loaded(conn)?;
    if let Ok(cache) = CACHE.lock()
        && let Some((at, index)) = cache.as_ref()
        && *at == stamp
    {
        return Ok(Arc::clone(index));
    }
    let communes = geo_lists::find(conn, "communes")?;
    let countries = geo_lists::find(conn, "countries")?;
    let dated = [&communes, &countries]
        .iter()
        .map(|row| row.as_ref().map_or_else(embedded_date, |r| r.dated))
        .min();
    let index = Arc::new(
        GeoIndex::parse(
            &plain(communes.as_ref().map_or(EMBEDDED_COMMUNES, |r| &r.content))?,
            &plain(
                countries
                    .as_ref()
                    .map_or(EMBEDDED_COUNTRIES, |r| &r.content),
            )?,
            dated,
        )
        .map_err(AppError::Internal)?,
    );
    if let Ok(mut cache) = CACHE.lock() {
        *cache = Some((stamp, Arc::clone(&index)));
    }
    Ok(index)
}

/// The bytes, gunzipped when they are gzip.
fn plain(bytes: &[u8]) -> AppResult<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| AppError::field("from", format!("Fichier gzip illisible : {e}")))?;
    Ok(out)
}

/// Which list a file is: `communes` (decoupage-administratif's JSON) or `countries` (INSEE's
/// `v_pays` CSV).
fn kind_of(content: &[u8]) -> &'static str {
    let start = content
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF);
    if start == Some(&b'[') {
        "communes"
    } else {
        "countries"
    }
}

/// What a refresh loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Loaded {
    /// `communes` or `countries`.
    pub kind: &'static str,
    /// Communes then known.
    pub communes: usize,
    /// Countries then known.
    pub countries: usize,
}

/// Loads a COG file (decoupage-administratif's `communes.json`, gzipped or not, or INSEE's
/// `v_pays` CSV) dated `dated`, after checking that it parses with the other list in use; one
/// transaction.
pub fn refresh(
    conn: &mut DbConn,
    now: NaiveDateTime,
    content: &[u8],
    source: &str,
    dated: NaiveDate,
) -> AppResult<Loaded> {
    let unpacked = plain(content)?;
    let kind = kind_of(&unpacked);
    db::write_transaction(conn, |conn| {
        let other = geo_lists::find(
            conn,
            if kind == "communes" {
                "countries"
            } else {
                "communes"
            },
        )?;
        let (communes, countries) = if kind == "communes" {
            (
                unpacked.clone(),
                plain(other.as_ref().map_or(EMBEDDED_COUNTRIES, |r| &r.content))?,
            )
        } else {
            (
                plain(other.as_ref().map_or(EMBEDDED_COMMUNES, |r| &r.content))?,
                unpacked.clone(),
            )
        };
        let index = GeoIndex::parse(&communes, &countries, Some(dated))
            .map_err(|m| AppError::field("from", m))?;
        geo_lists::save(
            conn,
            &GeoListRow {
                kind: kind.to_owned(),
                source: source.to_owned(),
                dated,
                content: content.to_vec(),
                loaded_at: now,
            },
        )?;
        let (communes, countries) = index.sizes();
        Ok(Loaded {
            kind,
            communes,
            countries,
        })
    })
}

/// Where each list in use comes from: `(kind, source, dated)`.
pub fn status(conn: &mut DbConn) -> AppResult<Vec<(&'static str, String, NaiveDate)>> {
    let mut out = Vec::new();
    for (kind, embedded) in [
        ("communes", EMBEDDED_COMMUNES_SOURCE),
        ("countries", EMBEDDED_COUNTRIES_SOURCE),
    ] {
        out.push(match geo_lists::find(conn, kind)? {
            Some(row) => (kind, row.source, row.dated),
            None => (kind, format!("{embedded} (intégrée)"), embedded_date()),
        });
    }
    Ok(out)
}
