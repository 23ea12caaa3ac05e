//! `parcours check`: recounts the advisors and says whether the dashboard's summary
//! (`progress_counts`) still equals the recount; exits with an error when it does not.

use anyhow::bail;

use crate::config::Config;
use crate::db::{Db, progress_counts};

/// Recounts, prints the outcome (and each difference), fails when the summary is not exact.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let report = progress_counts::check(&mut conn)?;
    if report.exact() {
        println!(
            "Le résumé du tableau de bord est exact : {} conseillers recomptés, {} lignes.",
            report.advisors, report.rows
        );
        return Ok(());
    }
    for ((organisation, territory, key), stored, recounted) in &report.differences {
        println!(
            "organisme {organisation}, territoire {territory}, {key:?} : {stored} dans le résumé, \
             {recounted} recomptés"
        );
    }
    bail!(
        "le résumé du tableau de bord diffère du recomptage en {} ligne(s)",
        report.differences.len()
    )
}
