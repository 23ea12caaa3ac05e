//! What a dry run answers, row by row, and what an import wrote.

use serde::Serialize;
use utoipa::ToSchema;

/// What an import does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new record.
    Create,
    /// A record found (ANCT id, else e-mail) whose fields change.
    Update,
    /// A record found, nothing to change.
    Unchanged,
    /// Refused: see the messages.
    Refused,
}

impl RowAction {
    /// As the page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "création",
            Self::Update => "mise à jour",
            Self::Unchanged => "inchangé",
            Self::Refused => "refusée",
        }
    }
}

/// A message about one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CellMessage {
    /// The column as the file names it (or the field it stands for).
    pub column: String,
    /// In French.
    pub message: String,
}

/// One row of the report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowReport {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// What the import does with it.
    pub action: RowAction,
    /// Who the row is about, as the file names them (empty for a refused stranger).
    pub label: String,
    /// The record it matched, in the importer's scope.
    pub matched_id: Option<i64>,
    /// What changes (« Prénom : Léa → Léo »), or « inchangé ».
    pub changes: Vec<String>,
    /// Refusals (and warnings), per cell.
    pub messages: Vec<CellMessage>,
}

/// A dry run's or an import's report.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportReport {
    /// Whether it was written (false for a dry run or a refused file).
    pub imported: bool,
    /// Rows created (or to create).
    pub created: usize,
    /// Rows updated (or to update).
    pub updated: usize,
    /// Rows found with nothing to change.
    pub unchanged: usize,
    /// Rows refused: any refuses the whole import.
    pub refused: usize,
    /// The ids written, in the file's order (creations and updates).
    pub ids: Vec<i64>,
    /// Every row.
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    /// A report over `rows`, counted.
    pub fn of(rows: Vec<RowReport>) -> Self {
        let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count();
        Self {
            imported: false,
            created: count(RowAction::Create),
            updated: count(RowAction::Update),
            unchanged: count(RowAction::Unchanged),
            refused: count(RowAction::Refused),
            ids: Vec::new(),
            rows,
        }
    }

    /// The rows to write (created or updated).
    pub fn to_write(&self) -> usize {
        self.created + self.updated
    }
}
