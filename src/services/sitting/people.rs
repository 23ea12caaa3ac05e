//! Who a sitting expects (trainees, an exam's candidates), who trains it (an exam's jurors) and
//! who may read its attendance.

use super::{Owner, Sitting, Trainee};
use crate::auth::Principal;
use crate::db::{
    DbConn, cohorts, day_trainers, enrolments, exam_attendance, exams, module_days,
    module_enrolments, sealing,
};
use crate::domain::roles::Role;
use crate::error::AppResult;

impl Sitting {
    /// Advisors expected: a cohort's actively enrolled who entered on or before the day; a
    /// module session's confirmed enrolments; an exam session's registered candidates (a
    /// withdrawn candidate's registration is removed).
    pub fn expected(&self, conn: &mut DbConn) -> AppResult<Vec<Trainee>> {
        Ok(match &self.owner {
            Owner::Cohort(c) => enrolments::for_cohort(conn, c.id)?
                .into_iter()
                .filter(|e| e.status == "active" && e.training_entry_date <= self.day.day)
                .map(|e| Trainee {
                    advisor_id: e.advisor_id,
                    first_name: e.first_name,
                    last_name: e.last_name,
                })
                .collect(),
            Owner::Module { .. } | Owner::Exam { .. } => {
                self.roster(conn)?.into_iter().map(|(t, _)| t).collect()
            }
        })
    }

    /// Everyone ever enrolled (a module session's confirmed), with whether the enrolment is
    /// still active: sheets list the active and the withdrawn who were marked or signed.
    pub fn roster(&self, conn: &mut DbConn) -> AppResult<Vec<(Trainee, bool)>> {
        Ok(match &self.owner {
            Owner::Cohort(c) => enrolments::for_cohort(conn, c.id)?
                .into_iter()
                .map(|e| {
                    let active = e.status == "active";
                    (
                        Trainee {
                            advisor_id: e.advisor_id,
                            first_name: e.first_name,
                            last_name: e.last_name,
                        },
                        active,
                    )
                })
                .collect(),
            Owner::Module { session, .. } => module_enrolments::participants(conn, session.id)?
                .into_iter()
                .filter(|p| p.status == "confirmed")
                .map(|p| {
                    (
                        Trainee {
                            advisor_id: p.advisor_id,
                            first_name: p.first_name,
                            last_name: p.last_name,
                        },
                        true,
                    )
                })
                .collect(),
            Owner::Exam { session, .. } => {
                let candidates = exams::candidates(conn, session.id)?;
                let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
                let names = exams::advisor_names(conn, &ids)?;
                candidates
                    .iter()
                    .filter_map(|c| names.iter().find(|n| n.advisor_id == c.advisor_id))
                    .map(|n| {
                        (
                            Trainee {
                                advisor_id: n.advisor_id,
                                first_name: n.first_name.clone(),
                                last_name: n.last_name.clone(),
                            },
                            true,
                        )
                    })
                    .collect()
            }
        })
    }

    /// Whether `user_id` trains this day: a trainer of the cohort or of that day; a trainer of
    /// the module session; a juror of the exam session.
    pub fn trains(&self, conn: &mut DbConn, user_id: i64) -> AppResult<bool> {
        Ok(match &self.owner {
            Owner::Cohort(c) => day_trainers::trains_day(conn, c.id, self.day.id, user_id)?,
            Owner::Module { session, .. } => module_days::trains(conn, session.id, user_id)?,
            Owner::Exam { session, .. } => exam_attendance::is_juror(conn, session.id, user_id)?,
        })
    }

    /// The trainers' names, sorted (the cohort's and the day's; the module session's; the exam
    /// session's jurors).
    pub fn trainer_names(&self, conn: &mut DbConn) -> AppResult<Vec<String>> {
        let mut names: Vec<String> = match &self.owner {
            Owner::Cohort(c) => cohorts::trainers(conn, c.id)?
                .into_iter()
                .chain(sealing::day_trainers(conn, self.day.id)?)
                .map(|(_, name)| name)
                .collect(),
            Owner::Module { session, .. } => module_days::trainers(conn, session.id)?
                .into_iter()
                .map(|(_, name)| name)
                .collect(),
            Owner::Exam { session, .. } => exams::jury(conn, session.id)?
                .into_iter()
                .map(|(_, name)| name)
                .collect(),
        };
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// Whether `actor` may read the day's attendance (sheets): staff of the organisation,
    /// coordinators over it, its trainers (an exam's jurors) and admins.
    pub fn may_read_attendance(&self, conn: &mut DbConn, actor: &Principal) -> AppResult<bool> {
        let org = self.organisation_id();
        Ok(actor.is_staff_of(org)
            || (actor.has_role(Role::Coordinator) && actor.can_read_org(org))
            || self.trains(conn, actor.user_id)?)
    }
}
