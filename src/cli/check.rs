//! `parcours check`: recounts the advisors and the module enrolments and says whether the
//! dashboards' summaries (`progress_counts`, `module_uptake_counts`) still equal the recounts;
//! exits with an error when one does not.

use anyhow::bail;

use crate::config::Config;
use crate::db::{Db, module_uptake_counts, progress_counts};

/// Recounts, prints the outcome (and each difference), fails when the summary is not exact.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let report = progress_counts::check(&mut conn)?;
    let uptake = module_uptake_counts::check(&mut conn)?;
    if report.exact() {
        println!(
            "Le résumé du tableau de bord est exact : {} conseillers recomptés, {} lignes.",
            report.advisors, report.rows
        );
    }
    for ((organisation, territory, key), stored, recounted) in &report.differences {
        println!(
            "organisme {organisation}, territoire {territory}, {key:?} : {stored} dans le résumé, \
             {recounted} recomptés"
        );
    }
    if uptake.exact() {
        println!(
            "Le résumé des modules suivis est exact : {} inscriptions recomptées, {} lignes.",
            uptake.enrolments, uptake.rows
        );
    }
    for ((organisation, session), (stored_done, stored_pending), (done, pending)) in
        &uptake.differences
    {
        println!(
            "organisme {organisation}, session de module {session} : {stored_done} suivies et \
             {stored_pending} à venir dans le résumé, {done} et {pending} recomptées"
        );
    }
    let differing = report.differences.len() + uptake.differences.len();
    if differing > 0 {
        bail!("les résumés des tableaux de bord diffèrent du recomptage en {differing} ligne(s)");
    }
    Ok(())
}
