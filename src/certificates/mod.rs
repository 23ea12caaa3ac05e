//! Certificate documents: the layouts in `certificates/` (one TOML file per kind, fonts, logo),
//! embedded in the binary, prepared once at start-up and drawn per certificate.

pub mod code;
pub mod flow;
pub mod layout;
pub mod output;
pub mod pages;
pub mod qr;
pub mod render;
pub mod table;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDateTime;
use include_dir::{Dir, include_dir};

use self::layout::Layout;
use self::render::Prepared;

static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/certificates");

/// The documents drawn as flowing tables over as many pages as needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowDocument {
    /// A day's « feuille d'émargement ».
    AttendanceSheet,
    /// An exam session's procès-verbal.
    ProcesVerbal,
    /// A candidate's fiche individuelle de résultats.
    Fiche,
}

/// The kinds of attestation parcours issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One CCP validated.
    Ccp,
    /// The full title: all three CCPs held.
    Title,
}

impl Kind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ccp => "ccp",
            Self::Title => "title",
        }
    }

    /// From the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ccp" => Some(Self::Ccp),
            "title" => Some(Self::Title),
            _ => None,
        }
    }
}

/// Both layouts, ready to draw: prepared once per process and shared (cloning is cheap).
#[derive(Debug, Clone)]
pub struct Documents(Arc<Layouts>);

/// The prepared layout of each kind.
#[derive(Debug)]
struct Layouts {
    ccp: Prepared,
    title: Prepared,
    sheet: Prepared,
    statement: Prepared,
    proces_verbal: Prepared,
    fiche: Prepared,
}

/// The placeholders of the day's attendance sheet (`attendance_sheet.toml`).
pub const SHEET_PLACEHOLDERS: &[&str] = &[
    "organisation",
    "organisation_identity",
    "organisation_address",
    "cohort",
    "day",
    "times",
    "place",
    "trainers",
    "trainers_label",
    "trainer_label",
    "trainees_label",
    "trainee_label",
    "closing_title",
    "version",
    "replaces",
    "code",
    "verify_url",
];

/// The placeholders of an advisor's attendance statement (`attendance_statement.toml`).
pub const STATEMENT_PLACEHOLDERS: &[&str] = &[
    "organisation",
    "advisor",
    "cohorts",
    "hours_done",
    "hours_scheduled",
    "as_of",
];

/// The placeholders of an exam session's procès-verbal (`proces_verbal.toml`).
pub const PV_PLACEHOLDERS: &[&str] = &[
    "organisation",
    "session_kind",
    "ceres",
    "certification",
    "title",
    "agrement",
    "agrement_site",
    "responsable",
    "date_times",
    "place",
    "version",
    "replaces",
    "code",
    "verify_url",
];

/// The placeholders of a candidate's fiche individuelle de résultats (`fiche_resultats.toml`).
pub const FICHE_PLACEHOLDERS: &[&str] = &[
    "organisation",
    "candidate",
    "route",
    "session",
    "ceres",
    "date_times",
    "place",
    "version",
    "replaces",
    "code",
    "verify_url",
];

include!(concat!(env!("OUT_DIR"), "/stripped_fonts.rs"));

/// A file of `certificates/`; a font as stripped by `build.rs` (no hinting, short names).
fn file(name: &str) -> Option<&'static [u8]> {
    STRIPPED_FONTS
        .iter()
        .find(|(font, _)| *font == name)
        .map(|(_, bytes)| *bytes)
        .or_else(|| FILES.get_file(name).map(include_dir::File::contents))
}

/// Reads, checks and prepares the embedded layout `certificates/{name}` (with its fonts and logo).
pub fn prepare(name: &str) -> Result<Prepared, String> {
    prepare_with(name, layout::PLACEHOLDERS)
}

fn prepare_with(name: &str, placeholders: &[&str]) -> Result<Prepared, String> {
    let text = FILES
        .get_file(name)
        .and_then(include_dir::File::contents_utf8)
        .ok_or_else(|| format!("certificates/{name} is missing"))?;
    let layout =
        Layout::parse_with(text, placeholders).map_err(|e| format!("certificates/{name}: {e}"))?;
    Prepared::new(layout, file).map_err(|e| format!("certificates/{name}: {e}"))
}

impl Documents {
    /// Reads and checks the embedded layouts, fonts and logo (once per process).
    pub fn load() -> Result<Self, String> {
        static PREPARED: OnceLock<Result<Documents, String>> = OnceLock::new();
        PREPARED
            .get_or_init(|| {
                Ok(Self(Arc::new(Layouts {
                    ccp: prepare("ccp.toml")?,
                    title: prepare("title.toml")?,
                    sheet: prepare_with("attendance_sheet.toml", SHEET_PLACEHOLDERS)?,
                    statement: prepare_with("attendance_statement.toml", STATEMENT_PLACEHOLDERS)?,
                    proces_verbal: prepare_with("proces_verbal.toml", PV_PLACEHOLDERS)?,
                    fiche: prepare_with("fiche_resultats.toml", FICHE_PLACEHOLDERS)?,
                })))
            })
            .clone()
    }

    /// Draws a certificate of `kind`.
    pub fn render(
        &self,
        kind: Kind,
        values: &BTreeMap<&str, String>,
        qr_url: &str,
        issued_at: NaiveDateTime,
    ) -> Result<Vec<u8>, String> {
        match kind {
            Kind::Ccp => &self.0.ccp,
            Kind::Title => &self.0.title,
        }
        .render(values, qr_url, issued_at)
    }

    /// Draws a flowing document: `rows` fill its tables (the sheet's `trainees`, `trainers`,
    /// `corrections`; the procès-verbal's `jurors`, `candidates`, `incidents`, `signatures`; the
    /// fiche's `epreuves`, `competences`, `decisions`), verifiable at `qr_url`; the same inputs
    /// give the same bytes.
    pub fn render_flow(
        &self,
        document: FlowDocument,
        values: &BTreeMap<&str, String>,
        rows: &table::Rows,
        qr_url: &str,
        at: NaiveDateTime,
    ) -> Result<Vec<u8>, String> {
        match document {
            FlowDocument::AttendanceSheet => &self.0.sheet,
            FlowDocument::ProcesVerbal => &self.0.proces_verbal,
            FlowDocument::Fiche => &self.0.fiche,
        }
        .render_flow(values, rows, qr_url, at)
    }

    /// Draws an advisor's attendance statement (its table `half_days`).
    pub fn render_statement(
        &self,
        values: &BTreeMap<&str, String>,
        rows: &table::Rows,
        at: NaiveDateTime,
    ) -> Result<Vec<u8>, String> {
        self.0.statement.render_flow(values, rows, "", at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<&'static str, String> {
        let mut v = BTreeMap::new();
        for (name, value) in [
            ("holder_name", "Éloïse Ménard-Lefèvre"),
            ("birth_date", "14/02/1990"),
            ("born_on", "née le 14/02/1990"),
            ("certification_code", "CCP1"),
            (
                "certification",
                "Accompagner différents publics vers l'autonomie dans les usages des technologies, services et médias numériques",
            ),
            ("title_name", "Conseiller numérique"),
            ("title_version", "2023"),
            ("result_date", "12/03/2027"),
            (
                "jury_session",
                "session n° 4 du 12/03/2027, Lyon, organisée par La Fabrik",
            ),
            ("organiser", "La Fabrik"),
            ("issuer", "parcours"),
            ("issued_on", "13/03/2027"),
            ("code", "CN-BCDF2346"),
            ("verify_url", "https://parcours.example/verify/CN-BCDF2346"),
        ] {
            v.insert(name, value.to_owned());
        }
        v
    }

    fn at() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2027, 3, 13)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_certificate_is_small_and_its_text_is_extractable() {
        let documents = Documents::load().unwrap();
        for kind in [Kind::Ccp, Kind::Title] {
            let pdf = documents
                .render(
                    kind,
                    &values(),
                    "https://parcours.example/verify/CN-BCDF2346",
                    at(),
                )
                .unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
            let doc = lopdf::Document::load_mem(&pdf).unwrap();
            let text = doc.extract_text(&[1]).unwrap();
            assert!(text.contains("Éloïse Ménard-Lefèvre"), "{text}");
            assert!(text.contains("CN-BCDF2346"), "{text}");
        }
    }
}
