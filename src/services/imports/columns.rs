//! The columns of the advisor and candidate files, their French headers and synonyms; each key
//! is the field of the single record it fills (`AdvisorInput`, `CandidateInput`).

use crate::domain::csv_import::Column;

const fn col(
    key: &'static str,
    label: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
) -> Column {
    Column {
        key,
        label,
        synonyms,
        required,
    }
}

/// The advisor file's columns.
pub const ADVISOR_COLUMNS: &[Column] = &[
    col("last_name", "Nom", &["Nom d'usage", "Nom usuel"], true),
    col("first_name", "Prénom", &["Prénoms"], true),
    col(
        "email",
        "E-mail",
        &[
            "Courriel",
            "Email",
            "Mail",
            "Adresse e-mail",
            "Adresse électronique",
        ],
        true,
    ),
    col(
        "birth_date",
        "Date de naissance",
        &["Né le", "Née le"],
        true,
    ),
    col("territory", "Territoire", &["Code territoire"], true),
    col(
        "anct_id",
        "ID ANCT",
        &["idPG", "Identifiant ANCT", "Id PG"],
        false,
    ),
    col(
        "birth_name",
        "Nom de naissance",
        &["Nom de jeune fille"],
        false,
    ),
    col("sex", "Sexe", &["Genre"], false),
    col(
        "birth_commune_code",
        "Code INSEE de naissance",
        &["Code commune de naissance", "INSEE naissance"],
        false,
    ),
    col(
        "birth_postcode",
        "Code postal de naissance",
        &["CP de naissance"],
        false,
    ),
    col(
        "birth_commune_name",
        "Commune de naissance",
        &["Lieu de naissance", "Ville de naissance"],
        false,
    ),
    col(
        "birth_country_code",
        "Pays de naissance",
        &["Code pays de naissance"],
        false,
    ),
    col("contract_type", "Contrat", &["Type de contrat"], false),
    col("phone", "Téléphone", &["Tél", "Portable", "Mobile"], false),
    col(
        "hired_on",
        "Date d'embauche",
        &["Embauché le", "Date de recrutement"],
        false,
    ),
];

/// The candidate file's columns (the ANCT id or the e-mail names the advisor).
pub const CANDIDATE_COLUMNS: &[Column] = &[
    col(
        "anct_id",
        "ID ANCT",
        &["idPG", "Identifiant ANCT", "Id PG"],
        false,
    ),
    col(
        "email",
        "E-mail",
        &["Courriel", "Email", "Mail", "Adresse e-mail"],
        false,
    ),
    col("route", "Voie", &["Voie d'accès", "Route"], false),
    col(
        "late_reason",
        "Motif d'inscription tardive",
        &["Motif tardif", "Inscription tardive"],
        false,
    ),
    col(
        "delay_reason",
        "Motif du délai",
        &["Motif de délai", "Délai"],
        false,
    ),
];

/// The French name of a field that no column of the file fills.
pub fn field_label(key: &str) -> &str {
    match key {
        "organisation_id" => "Organisme",
        "host_structure_id" => "Structure d'accueil",
        "timezone" => "Fuseau horaire",
        "retired" => "Retraite",
        "civic_service" => "Service civique",
        "advisor_id" => "Conseiller",
        other => ADVISOR_COLUMNS
            .iter()
            .chain(CANDIDATE_COLUMNS)
            .find(|c| c.key == other)
            .map_or(other, |c| c.label),
    }
}
