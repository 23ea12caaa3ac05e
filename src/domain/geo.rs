//! The official geographic code (COG) as parcours reads it: the communes (with their postcodes
//! and the former codes of merged communes) from `@etalab/decoupage-administratif`'s
//! `communes.json`, and the countries abroad from INSEE's `v_pays` CSV. Pure: parsing and
//! lookups; where the files come from is `services::geo`'s business (`src/data/cog/README.md`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;

use super::text::fold;

/// What a commune code stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// Its name (for a former code, the name of the commune it joined).
    pub name: String,
    /// Whether the code is a commune's today (else a former code kept for births before).
    pub current: bool,
    /// Its postcodes (none for a former or delegated code without its own).
    pub postcodes: Vec<String>,
}

/// A country or territory abroad (`99xxx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Its short name (« Italie »).
    pub name: String,
}

/// The lists, indexed.
#[derive(Debug, Clone, Default)]
pub struct GeoIndex {
    communes: HashMap<String, Commune>,
    by_postcode: HashMap<String, Vec<String>>,
    countries: HashMap<String, Country>,
    departments: HashSet<String>,
    /// The date the lists describe (a code missing from them is only suspicious for a birth
    /// after it).
    pub dated: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct RawCommune {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, rename = "codesPostaux")]
    postcodes: Vec<String>,
    #[serde(default, rename = "anciensCodes")]
    former_codes: Vec<String>,
}

impl GeoIndex {
    /// Builds the index from `communes.json` and the `v_pays` CSV; an error names the file
    /// that could not be read.
    pub fn parse(
        communes_json: &[u8],
        countries_csv: &[u8],
        dated: Option<NaiveDate>,
    ) -> Result<Self, String> {
        let raw: Vec<RawCommune> = serde_json::from_slice(communes_json)
            .map_err(|e| format!("liste des communes illisible : {e}"))?;
        if raw.is_empty() {
            return Err("liste des communes vide".to_owned());
        }
        let mut index = Self {
            dated,
            ..Self::default()
        };
        for c in &raw {
            let current = c.kind == "commune-actuelle" || c.kind == "arrondissement-municipal";
            let entry = index
                .communes
                .entry(c.code.clone())
                .or_insert_with(|| Commune {
                    name: c.nom.clone(),
                    current,
                    postcodes: Vec::new(),
                });
            if current && !entry.current {
                entry.name.clone_from(&c.nom);
                entry.current = true;
            }
            for p in &c.postcodes {
                if !entry.postcodes.contains(p) {
                    entry.postcodes.push(p.clone());
                }
                let codes = index.by_postcode.entry(p.clone()).or_default();
                if !codes.contains(&c.code) {
                    codes.push(c.code.clone());
                }
            }
        }
        for c in raw.iter().filter(|c| c.kind == "commune-actuelle") {
            for old in &c.former_codes {
                index
                    .communes
                    .entry(old.clone())
                    .or_insert_with(|| Commune {
                        name: c.nom.clone(),
                        current: false,
                        postcodes: Vec::new(),
                    });
            }
        }
        index.departments = index
            .communes
            .keys()
            .map(|c| department_of(c).to_owned())
            .collect();
        index.countries = parse_countries(countries_csv)?;
        Ok(index)
    }

    /// The commune of a code.
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.communes.get(code)
    }

    /// The codes of the communes named `name` (accents and case aside) that have `postcode`.
    pub fn communes_at(&self, postcode: &str, name: &str) -> Vec<&str> {
        let wanted = fold(name);
        self.by_postcode
            .get(postcode)
            .into_iter()
            .flatten()
            .filter(|code| {
                self.communes
                    .get(code.as_str())
                    .is_some_and(|c| same_name(&fold(&c.name), &wanted))
            })
            .map(String::as_str)
            .collect()
    }

    /// Whether the département of a commune code (its first two characters, three overseas)
    /// has a commune in the list.
    pub fn knows_department(&self, code: &str) -> bool {
        self.departments.contains(department_of(code))
    }

    /// Whether any commune has `postcode`.
    pub fn knows_postcode(&self, postcode: &str) -> bool {
        self.by_postcode.contains_key(postcode)
    }

    /// The country of a `99xxx` code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.get(code)
    }

    /// How many communes and countries the lists hold.
    pub fn sizes(&self) -> (usize, usize) {
        (self.communes.len(), self.countries.len())
    }
}

/// The département part of a commune code (`97x` overseas).
fn department_of(code: &str) -> &str {
    let len = if code.starts_with("97") { 3 } else { 2 };
    code.get(..len).unwrap_or(code)
}

/// Names compared without hyphens, apostrophes and « Saint »'s abbreviation.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace(['-', '\'', '’'], " ")
            .split_whitespace()
            .map(|w| if w == "st" { "saint" } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

fn parse_countries(csv_bytes: &[u8]) -> Result<HashMap<String, Country>, String> {
    let text = std::str::from_utf8(csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv_bytes))
        .map_err(|_| "liste des pays : pas en UTF-8".to_owned())?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if text.lines().next().is_some_and(|l| l.contains(';')) {
            b';'
        } else {
            b','
        })
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("liste des pays illisible : {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("liste des pays : colonne {name} absente"))
    };
    let (code_at, name_at) = (column("COG")?, column("LIBCOG")?);
    let mut countries = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("liste des pays illisible : {e}"))?;
        if let (Some(code), Some(name)) = (record.get(code_at), record.get(name_at))
            && code.len() == 5
            && code.starts_with("99")
        {
            countries.entry(code.to_owned()).or_insert_with(|| Country {
                name: name.to_owned(),
            });
        }
    }
    if countries.is_empty() {
        return Err("liste des pays vide".to_owned());
    }
    Ok(countries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMUNES: &str = r#"[
        {"code":"01015","nom":"Arboys en Bugey","type":"commune-actuelle","codesPostaux":["01300"],"anciensCodes":["01340"]},
        {"code":"01015","nom":"Arbignieu","type":"commune-deleguee"},
        {"code":"69123","nom":"Lyon","type":"commune-actuelle","codesPostaux":["69001","69003"]},
        {"code":"69383","nom":"Lyon 3e Arrondissement","type":"arrondissement-municipal","codesPostaux":["69003"]},
        {"code":"42218","nom":"Saint-Étienne","type":"commune-actuelle","codesPostaux":["42000"]}
    ]"#;
    const COUNTRIES: &str = "COG,ACTUAL,CRPAY,ANI,LIBCOG,LIBENR,CODEISO2,CODEISO3,CODENUM3\n\
        99127,1,,,Italie,République italienne,IT,ITA,380\n";

    fn index() -> GeoIndex {
        GeoIndex::parse(COMMUNES.as_bytes(), COUNTRIES.as_bytes(), None).unwrap()
    }

    #[test]
    fn current_former_and_delegated_codes_are_known() {
        let geo = index();
        assert!(
            geo.commune("01015").unwrap().current,
            "the current commune wins"
        );
        assert_eq!(geo.commune("01015").unwrap().name, "Arboys en Bugey");
        let former = geo.commune("01340").unwrap();
        assert!(!former.current);
        assert_eq!(former.name, "Arboys en Bugey");
        assert!(geo.commune("99999").is_none());
        assert_eq!(geo.country("99127").unwrap().name, "Italie");
    }

    #[test]
    fn a_commune_is_found_by_postcode_and_name_whatever_its_spelling() {
        let geo = index();
        assert_eq!(geo.communes_at("69003", "LYON"), vec!["69123"]);
        assert_eq!(geo.communes_at("42000", "st etienne"), vec!["42218"]);
        assert!(geo.communes_at("42000", "Lyon").is_empty());
        assert!(geo.knows_postcode("01300") && !geo.knows_postcode("00000"));
    }

    #[test]
    fn unreadable_lists_are_refused() {
        assert!(GeoIndex::parse(b"[]", COUNTRIES.as_bytes(), None).is_err());
        assert!(GeoIndex::parse(b"{", COUNTRIES.as_bytes(), None).is_err());
        assert!(GeoIndex::parse(COMMUNES.as_bytes(), b"A,B\n1,2\n", None).is_err());
    }
}
