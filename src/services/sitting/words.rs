//! The words pages, e-mails and sheets use for a sitting's people: « formateur » and
//! « stagiaire » on a training day, « juré » and « candidat » on an exam day.

use super::{DayKind, Sitting};

/// The words for a sitting's people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Words {
    /// « Formateur » or « Juré ».
    pub trainer: &'static str,
    /// « Équipe pédagogique » or « Jury ».
    pub trainers: &'static str,
    /// « Stagiaire » or « Candidat ».
    pub trainee: &'static str,
    /// « Stagiaires » or « Candidats ».
    pub trainees: &'static str,
    /// « le formateur » or « le juré ».
    pub the_trainer: &'static str,
    /// « des formateurs » or « du jury ».
    pub of_trainers: &'static str,
    /// « du formateur » or « du juré ».
    pub of_trainer: &'static str,
    /// What a half-day's counted time is (« de formation », « d'examen »).
    pub time_of: &'static str,
    /// The title of the closing signatures on the sheet.
    pub closing_title: &'static str,
    /// Who alone closes a half-day.
    pub only_trainer_closes: &'static str,
    /// Who alone acts on a half-day (with the organisation's staff).
    pub trainer_or_staff: &'static str,
}

/// The words of a training day (a cohort's or a module session's).
pub const TRAINING: Words = Words {
    trainer: "Formateur",
    trainers: "Équipe pédagogique",
    trainee: "Stagiaire",
    trainees: "Stagiaires",
    the_trainer: "le formateur",
    of_trainers: "des formateurs",
    of_trainer: "du formateur",
    time_of: "de formation",
    closing_title: "Signatures des formateurs (clôture des demi-journées)",
    only_trainer_closes: "Seule une personne qui forme sur cette journée clôt la demi-journée.",
    trainer_or_staff: "Réservé aux formateurs de cette journée et à l'équipe de l'organisme.",
};

/// The words of an exam day.
pub const EXAM: Words = Words {
    trainer: "Juré",
    trainers: "Jury",
    trainee: "Candidat",
    trainees: "Candidats",
    the_trainer: "le juré",
    of_trainers: "du jury",
    of_trainer: "du juré",
    time_of: "d'examen",
    closing_title: "Signatures du jury (clôture des demi-journées)",
    only_trainer_closes: "Seul un membre du jury de cette session d'examen clôt la demi-journée.",
    trainer_or_staff: "Réservé au jury de cette session d'examen et à l'équipe de l'organisme.",
};

impl Words {
    /// The words of `kind`.
    pub fn of(kind: DayKind) -> Self {
        match kind {
            DayKind::ExamDay => EXAM,
            DayKind::CohortDay | DayKind::ModuleDay => TRAINING,
        }
    }
}

impl Sitting {
    /// The words for this sitting's people.
    pub fn words(&self) -> Words {
        Words::of(self.kind())
    }
}
