//! The identity the ministry (CERES), Pix and the Caisse des Dépôts read (REGULATION.md §3): sex,
//! place of birth checked against the COG, the contract, and the ANCT's id. One rule each, pure.

use chrono::NaiveDate;

use super::geo::GeoIndex;

/// Sex, as the civil status records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// Female (INSEE 2).
    Female,
    /// Male (INSEE 1).
    Male,
}

impl Sex {
    /// Every value, in the order forms offer them.
    pub const ALL: [Self; 2] = [Self::Female, Self::Male];

    /// Stored: `F` or `M`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Female => "F",
            Self::Male => "M",
        }
    }

    /// In French.
    pub fn label(self) -> &'static str {
        match self {
            Self::Female => "Femme",
            Self::Male => "Homme",
        }
    }

    /// From its stored form, or the INSEE digit.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_uppercase().as_str() {
            "F" | "2" => Some(Self::Female),
            "M" | "H" | "1" => Some(Self::Male),
            _ => None,
        }
    }
}

/// The advisor's employment contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    /// Contrat à durée déterminée.
    Cdd,
    /// Contrat à durée indéterminée.
    Cdi,
    /// Contrat de projet.
    Cdp,
    /// Parcours emploi compétences.
    Pec,
}

impl Contract {
    /// Every value.
    pub const ALL: [Self; 4] = [Self::Cdd, Self::Cdi, Self::Cdp, Self::Pec];

    /// Stored (`cdd`, `cdi`, `cdp`, `pec`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cdd => "cdd",
            Self::Cdi => "cdi",
            Self::Cdp => "cdp",
            Self::Pec => "pec",
        }
    }

    /// As the programme writes it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cdd => "CDD",
            Self::Cdi => "CDI",
            Self::Cdp => "Contrat de projet (CDP)",
            Self::Pec => "Parcours emploi compétences (PEC)",
        }
    }

    /// From its stored form (case aside).
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// The ANCT's id of an advisor (`idPG`): 1 to 32 letters, digits, `-` or `_`.
pub fn anct_id(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty()
        || value.len() > 32
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(
            "Identifiant ANCT : de 1 à 32 lettres, chiffres, tirets ou soulignés.".to_owned(),
        );
    }
    Ok(value.to_owned())
}

/// A place of birth as typed: a commune code, or a postcode and a commune; a country abroad.
#[derive(Debug, Clone, Default)]
pub struct BirthPlaceInput<'a> {
    /// INSEE commune code (5 characters, `2A`/`2B` for Corsica).
    pub commune_code: Option<&'a str>,
    /// Postcode, with the commune's name.
    pub postcode: Option<&'a str>,
    /// The commune's name (or the town abroad).
    pub commune_name: Option<&'a str>,
    /// INSEE country code (`99xxx`) for a birth abroad; `99100` or none is France.
    pub country_code: Option<&'a str>,
}

/// A place of birth once checked: what is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BirthPlace {
    /// INSEE commune code (France).
    pub commune_code: Option<String>,
    /// Postcode (France).
    pub postcode: Option<String>,
    /// The commune's name, or the town abroad.
    pub commune_name: Option<String>,
    /// INSEE country code, abroad only.
    pub country_code: Option<String>,
    /// Why the place was accepted without being found in the lists.
    pub warning: Option<String>,
}

/// A refused place: the field and the message.
pub type Refusal = (&'static str, String);

fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn commune_code_shape(code: &str) -> bool {
    let b = code.as_bytes();
    code.len() == 5
        && (b[..2].iter().all(u8::is_ascii_digit) || matches!(&code[..2], "2A" | "2B"))
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// Whether the lists date from after the birth (an unknown code may then be a commune or a
/// country that had disappeared before their history starts).
fn born_before(geo: &GeoIndex, born: Option<NaiveDate>) -> bool {
    matches!((geo.dated, born), (Some(dated), Some(born)) if born < dated)
}

/// Checks a place of birth against the COG (see `src/data/cog/README.md` for what each case gives).
/// Everything empty is no place recorded.
pub fn check_birth_place(
    geo: &GeoIndex,
    input: &BirthPlaceInput<'_>,
    born: Option<NaiveDate>,
) -> Result<BirthPlace, Refusal> {
    let code = given(input.commune_code).map(str::to_uppercase);
    let postcode = given(input.postcode);
    let name = given(input.commune_name);
    let country = given(input.country_code).filter(|c| *c != "99100");
    if let Some(country) = country {
        return abroad(
            geo,
            country,
            code.is_some() || postcode.is_some(),
            name,
            born,
        );
    }
    if let Some(code) = code {
        if !commune_code_shape(&code) {
            return Err((
                "birth_commune_code",
                "Code commune INSEE : 5 caractères (2A ou 2B pour la Corse).".to_owned(),
            ));
        }
        return Ok(match geo.commune(&code) {
            Some(commune) => BirthPlace {
                commune_name: Some(name.map_or_else(|| commune.name.clone(), str::to_owned)),
                commune_code: Some(code),
                postcode: postcode.map(str::to_owned),
                ..BirthPlace::default()
            },
            None if born_before(geo, born) && geo.knows_department(&code) => BirthPlace {
                warning: Some(format!(
                    "Code commune {code} absent du COG : accepté car la naissance est antérieure \
                     à la liste (commune disparue ?). À vérifier sur l'acte de naissance."
                )),
                commune_code: Some(code),
                postcode: postcode.map(str::to_owned),
                commune_name: name.map(str::to_owned),
                ..BirthPlace::default()
            },
            None => {
                return Err((
                    "birth_commune_code",
                    format!("Code commune INSEE inconnu du COG : {code}."),
                ));
            }
        });
    }
    match (postcode, name) {
        (None, None) => Ok(BirthPlace::default()),
        (Some(_), None) => Err((
            "birth_commune_name",
            "Avec un code postal, indiquez la commune de naissance.".to_owned(),
        )),
        (None, Some(_)) => Err((
            "birth_postcode",
            "Indiquez le code postal de la commune de naissance, ou son code INSEE.".to_owned(),
        )),
        (Some(postcode), Some(name)) => {
            if !geo.knows_postcode(postcode) {
                return Err((
                    "birth_postcode",
                    format!("Code postal inconnu : {postcode}."),
                ));
            }
            match geo.communes_at(postcode, name).as_slice() {
                [code] => Ok(BirthPlace {
                    commune_code: Some((*code).to_owned()),
                    postcode: Some(postcode.to_owned()),
                    commune_name: Some(name.to_owned()),
                    ..BirthPlace::default()
                }),
                [] => Err((
                    "birth_commune_name",
                    format!("Aucune commune « {name} » n'a le code postal {postcode}."),
                )),
                _ => Ok(BirthPlace {
                    postcode: Some(postcode.to_owned()),
                    commune_name: Some(name.to_owned()),
                    ..BirthPlace::default()
                }),
            }
        }
    }
}

fn abroad(
    geo: &GeoIndex,
    country: &str,
    french_fields: bool,
    town: Option<&str>,
    born: Option<NaiveDate>,
) -> Result<BirthPlace, Refusal> {
    if french_fields {
        return Err((
            "birth_country_code",
            "Né à l'étranger : ni code commune ni code postal français.".to_owned(),
        ));
    }
    if country.len() != 5
        || !country.starts_with("99")
        || !country.bytes().all(|b| b.is_ascii_digit())
    {
        return Err((
            "birth_country_code",
            "Pays de naissance : le code INSEE du pays, 5 chiffres commençant par 99.".to_owned(),
        ));
    }
    let warning = match geo.country(country) {
        Some(_) => None,
        None if born_before(geo, born) => Some(format!(
            "Code pays {country} absent du COG : accepté car la naissance est antérieure à la \
             liste (pays disparu ?). À vérifier sur l'acte de naissance."
        )),
        None => {
            return Err((
                "birth_country_code",
                format!("Code pays INSEE inconnu du COG : {country}."),
            ));
        }
    };
    Ok(BirthPlace {
        country_code: Some(country.to_owned()),
        commune_name: town.map(str::to_owned),
        warning,
        ..BirthPlace::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo() -> GeoIndex {
        let communes = r#"[
            {"code":"69123","nom":"Lyon","type":"commune-actuelle","codesPostaux":["69003"]},
            {"code":"01015","nom":"Arboys en Bugey","type":"commune-actuelle","codesPostaux":["01300"],"anciensCodes":["01340"]}
        ]"#;
        let countries = "COG,LIBCOG\n99127,Italie\n";
        GeoIndex::parse(
            communes.as_bytes(),
            countries.as_bytes(),
            NaiveDate::from_ymd_opt(2025, 1, 1),
        )
        .unwrap()
    }

    fn born(y: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, 6, 1)
    }

    fn by_code(code: &str) -> BirthPlaceInput<'_> {
        BirthPlaceInput {
            commune_code: Some(code),
            ..BirthPlaceInput::default()
        }
    }

    #[test]
    fn a_commune_code_of_the_list_or_a_former_one_is_accepted() {
        let place = check_birth_place(&geo(), &by_code("69123"), born(1990)).unwrap();
        assert_eq!(place.commune_name.as_deref(), Some("Lyon"));
        assert!(place.warning.is_none());
        let merged = check_birth_place(&geo(), &by_code("01340"), born(1990)).unwrap();
        assert_eq!(merged.commune_name.as_deref(), Some("Arboys en Bugey"));
    }

    #[test]
    fn an_unknown_code_is_refused_unless_an_old_birth_in_a_known_department() {
        let old = check_birth_place(&geo(), &by_code("69999"), born(1980)).unwrap();
        assert!(old.warning.unwrap().contains("absent du COG"));
        assert_eq!(
            check_birth_place(&geo(), &by_code("00001"), born(1980))
                .unwrap_err()
                .1,
            "Code commune INSEE inconnu du COG : 00001."
        );
        assert!(check_birth_place(&geo(), &by_code("69999"), born(2025)).is_err());
        assert!(check_birth_place(&geo(), &by_code("6912"), born(1980)).is_err());
    }

    #[test]
    fn a_postcode_and_a_name_find_the_commune() {
        let input = BirthPlaceInput {
            postcode: Some("69003"),
            commune_name: Some("lyon"),
            ..BirthPlaceInput::default()
        };
        let place = check_birth_place(&geo(), &input, born(1990)).unwrap();
        assert_eq!(place.commune_code.as_deref(), Some("69123"));
        let wrong = BirthPlaceInput {
            commune_name: Some("Paris"),
            ..input.clone()
        };
        assert_eq!(
            check_birth_place(&geo(), &wrong, born(1990)).unwrap_err().0,
            "birth_commune_name"
        );
    }

    #[test]
    fn a_birth_abroad_names_a_country_of_the_list() {
        let input = BirthPlaceInput {
            country_code: Some("99127"),
            commune_name: Some("Turin"),
            ..BirthPlaceInput::default()
        };
        let place = check_birth_place(&geo(), &input, born(1990)).unwrap();
        assert_eq!(place.country_code.as_deref(), Some("99127"));
        let gone = BirthPlaceInput {
            country_code: Some("99115"),
            ..BirthPlaceInput::default()
        };
        assert!(
            check_birth_place(&geo(), &gone, born(1985))
                .unwrap()
                .warning
                .is_some()
        );
        assert!(check_birth_place(&geo(), &gone, born(2025)).is_err());
        let mixed = BirthPlaceInput {
            commune_code: Some("69123"),
            ..input
        };
        assert!(check_birth_place(&geo(), &mixed, born(1990)).is_err());
    }

    #[test]
    fn sex_contract_and_anct_id_have_their_forms() {
        assert_eq!(Sex::parse("2"), Some(Sex::Female));
        assert_eq!(Sex::parse("x"), None);
        assert_eq!(Contract::parse("PEC"), Some(Contract::Pec));
        assert!(anct_id("12345").is_ok());
        assert!(anct_id("12 345").is_err() && anct_id("").is_err());
    }
}
