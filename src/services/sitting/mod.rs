//! What a half-day of attendance belongs to: a cohort's training day, a module session's day or
//! an exam session (its day). Every attendance rule (signing, closing, absences, sealed sheets)
//! reads the day through a [`Sitting`], so that each rule is written once for every kind: its
//! owner (cohort, module session or exam session), organisation, zone, local date and times, who
//! is expected ([`people`]: trainees, or an exam's candidates), who trains it (an exam's jurors),
//! who may see it (NotFound outside the actor's scope, checked first: [`scope`]) and the words
//! pages and sheets use ([`words`]).

mod exam;
mod kind;
mod people;
mod scope;
mod words;

pub use kind::DayKind;
pub use scope::{enrolled_ever, exam_session_in_scope, module_session_in_scope};
pub use words::Words;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::db::cohorts::{self, CohortRow};
use crate::db::exams::ExamSessionRow;
use crate::db::module_days::{self, ModuleDayRow};
use crate::db::module_sessions::{self, SessionRow};
use crate::db::schedule::DayRow;
use crate::db::{self, DbConn, modules, sealing};
use crate::domain::french::french_date;
use crate::domain::schedule::{HalfDay, half_days as halves_of};
use crate::domain::signing_window::{self, HalfDaySpan};
use crate::error::{AppError, AppResult};

/// Who owns the day.
#[derive(Debug, Clone)]
pub enum Owner {
    /// A cohort.
    Cohort(CohortRow),
    /// A module session and its module's title.
    Module {
        /// The session.
        session: SessionRow,
        /// The module's title.
        title: String,
    },
    /// An exam session (it is its own day) and its certification's code.
    Exam {
        /// The session.
        session: ExamSessionRow,
        /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
        code: String,
    },
}

/// A day as attendance reads it, in its owner's zone.
#[derive(Debug, Clone)]
pub struct SittingDay {
    /// Its id in its kind's table.
    pub id: i64,
    /// Local date.
    pub day: NaiveDate,
    /// Local start time.
    pub start_time: NaiveTime,
    /// Local end time.
    pub end_time: NaiveTime,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
    /// Venue, if any.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Cancelled (the day or its module session).
    pub cancelled_at: Option<NaiveDateTime>,
}

/// A trainee expected on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainee {
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name (usage name).
    pub last_name: String,
}

/// A day and its owner.
#[derive(Debug, Clone)]
pub struct Sitting {
    /// The cohort or the module session.
    pub owner: Owner,
    /// The day.
    pub day: SittingDay,
}

impl Sitting {
    /// A cohort's training day.
    pub fn cohort_day(cohort: CohortRow, day: DayRow) -> Self {
        let venue = day.venue.clone().or_else(|| cohort.venue.clone());
        Self {
            day: SittingDay {
                id: day.id,
                day: day.day,
                start_time: day.start_time,
                end_time: day.end_time,
                starts_at: day.starts_at,
                ends_at: day.ends_at,
                venue,
                remote: day.remote,
                cancelled_at: day.cancelled_at,
            },
            owner: Owner::Cohort(cohort),
        }
    }

    /// A module session's day (its local date and times in the session's zone).
    pub fn module_day(
        conn: &mut DbConn,
        session: SessionRow,
        day: &ModuleDayRow,
    ) -> AppResult<Self> {
        let zone = session.timezone.tz();
        let start = day.starts_at.and_utc().with_timezone(&zone).naive_local();
        let end = day.ends_at.and_utc().with_timezone(&zone).naive_local();
        let title = modules::find(conn, session.module_id)?.title;
        Ok(Self {
            day: SittingDay {
                id: day.id,
                day: start.date(),
                start_time: start.time(),
                end_time: if end.date() == start.date() {
                    end.time()
                } else {
                    NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(end.time())
                },
                starts_at: day.starts_at,
                ends_at: day.ends_at,
                venue: session.venue.clone(),
                remote: session.remote,
                cancelled_at: session.cancelled_at,
            },
            owner: Owner::Module { session, title },
        })
    }

    /// The day `day_id` of `kind` and its owner, unscoped; `None` when it does not exist.
    pub fn load(conn: &mut DbConn, kind: DayKind, day_id: i64) -> AppResult<Option<Self>> {
        match kind {
            DayKind::CohortDay => {
                let Some(day) = db::found(sealing::day(conn, day_id))? else {
                    return Ok(None);
                };
                let cohort = cohorts::find(conn, day.cohort_id)?;
                Ok(Some(Self::cohort_day(cohort, day)))
            }
            DayKind::ModuleDay => {
                let Some(day) = db::found(module_days::day(conn, day_id))? else {
                    return Ok(None);
                };
                let session = module_sessions::find(conn, day.session_id)?;
                Ok(Some(Self::module_day(conn, session, &day)?))
            }
            DayKind::ExamDay => {
                let Some(session) = db::found(db::exams::find(conn, day_id))? else {
                    return Ok(None);
                };
                Ok(Some(Self::exam_day(conn, session)?))
            }
        }
    }

    /// The day `day_id` of the cohort or module session `owner_id`; NotFound when it is not
    /// that owner's.
    pub fn of_owner(
        conn: &mut DbConn,
        kind: DayKind,
        owner_id: i64,
        day_id: i64,
    ) -> AppResult<Self> {
        let sitting = Self::load(conn, kind, day_id)?.ok_or(AppError::NotFound)?;
        if sitting.owner_id() != owner_id {
            return Err(AppError::NotFound);
        }
        Ok(sitting)
    }

    /// `cohort_day`, `module_day` or `exam_day`.
    pub fn kind(&self) -> DayKind {
        match self.owner {
            Owner::Cohort(_) => DayKind::CohortDay,
            Owner::Module { .. } => DayKind::ModuleDay,
            Owner::Exam { .. } => DayKind::ExamDay,
        }
    }

    /// The cohort's, the module session's or the exam session's id.
    pub fn owner_id(&self) -> i64 {
        match &self.owner {
            Owner::Cohort(c) => c.id,
            Owner::Module { session, .. } => session.id,
            Owner::Exam { session, .. } => session.id,
        }
    }

    /// The cohort, for a cohort day.
    pub fn cohort(&self) -> Option<&CohortRow> {
        match &self.owner {
            Owner::Cohort(c) => Some(c),
            _ => None,
        }
    }

    /// The module session, for a module day.
    pub fn module_session(&self) -> Option<&SessionRow> {
        match &self.owner {
            Owner::Module { session, .. } => Some(session),
            _ => None,
        }
    }

    /// The exam session, for an exam day.
    pub fn exam_session(&self) -> Option<&ExamSessionRow> {
        match &self.owner {
            Owner::Exam { session, .. } => Some(session),
            _ => None,
        }
    }

    /// The name pages, e-mails and sheets show: the cohort's, « module — session du … », or
    /// « Session d'examen CCP1 du … ».
    pub fn name(&self) -> String {
        match &self.owner {
            Owner::Cohort(c) => c.name.clone(),
            Owner::Module { session, title } => {
                let first = session
                    .starts_at
                    .and_utc()
                    .with_timezone(&session.timezone.tz())
                    .date_naive();
                format!("{title} — session du {}", french_date(first))
            }
            Owner::Exam { code, .. } => {
                format!("Session d'examen {code} du {}", french_date(self.day.day))
            }
        }
    }

    /// The training body.
    pub fn organisation_id(&self) -> i64 {
        match &self.owner {
            Owner::Cohort(c) => c.organisation_id,
            Owner::Module { session, .. } => session.organisation_id,
            Owner::Exam { session, .. } => session.organisation_id,
        }
    }

    /// The owner's zone.
    pub fn zone(&self) -> Tz {
        match &self.owner {
            Owner::Cohort(c) => c.timezone.tz(),
            Owner::Module { session, .. } => session.timezone.tz(),
            Owner::Exam { session, .. } => session.timezone.tz(),
        }
    }

    /// The half-days of the day by its times.
    pub fn halves(&self) -> Vec<HalfDay> {
        halves_of(self.day.start_time, self.day.end_time)
    }

    /// The span of `half`, UTC.
    pub fn span(&self, half: HalfDay) -> Option<HalfDaySpan> {
        signing_window::span(
            self.day.day,
            self.day.start_time,
            self.day.end_time,
            self.zone(),
            half,
        )
    }
}
