//! The settings of the records kept about people's training: attendance signing and its proofs,
//! how long evidence is kept, the livret's reminders and the exam centre's warnings. Flattened
//! into [`super::args::ConfigArgs`]; the one place where each of their defaults is written.

use clap::Args;

use super::{
    AttendanceSettings, DEFAULT_AGREMENT_WARN_DAYS, DEFAULT_VALIDITY_REMIND_DAYS,
    ExamCentreSettings, LivretSettings,
};
use crate::domain::session_file::{DEFAULT_STEP_DAYS, StepOffsets};

/// The flags and variables of the records' settings.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// Minutes before a half-day starts from which its trainees may sign.
    #[arg(
        long,
        env = "PARCOURS_SIGNING_OPENS_BEFORE",
        default_value_t = 15,
        global = true
    )]
    pub signing_opens_before: u32,
    /// Minutes after a half-day ends until which its trainees may sign.
    #[arg(
        long,
        env = "PARCOURS_SIGNING_CLOSES_AFTER",
        default_value_t = 30,
        global = true
    )]
    pub signing_closes_after: u32,
    /// Hours after a half-day after which its host structure hears of an unjustified absence.
    #[arg(
        long,
        env = "PARCOURS_ABSENCE_NOTICE_AFTER",
        default_value_t = 48,
        global = true
    )]
    pub absence_notice_after: u32,
    /// Largest uploaded proof or scanned sheet, in kilobytes.
    #[arg(
        long,
        env = "PARCOURS_UPLOAD_MAX_KB",
        default_value_t = 5120,
        global = true
    )]
    pub upload_max_kb: u32,
    /// Years the attendance evidence is kept after the end of the training action.
    #[arg(
        long,
        env = "PARCOURS_RETENTION_EVIDENCE_YEARS",
        default_value_t = 6,
        global = true
    )]
    pub retention_evidence_years: u32,
    /// Years the certificats de réalisation are kept after the end of the training action.
    #[arg(
        long,
        env = "PARCOURS_RETENTION_CERTIFICATE_YEARS",
        default_value_t = 3,
        global = true
    )]
    pub retention_certificate_years: u32,
    /// Years everything is kept for actions co-funded by the ESF.
    #[arg(
        long,
        env = "PARCOURS_RETENTION_ESF_YEARS",
        default_value_t = 10,
        global = true
    )]
    pub retention_esf_years: u32,
    /// Days before a CCP's re-sit deadline at which the advisor is reminded by e-mail.
    #[arg(
        long,
        env = "PARCOURS_RESIT_REMINDER_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub resit_reminder_days: u32,
    /// Days before an exam session under which an accommodation request is warned as late.
    #[arg(
        long,
        env = "PARCOURS_ACCOMMODATION_NOTICE_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub accommodation_notice_days: u32,
    /// Days before an agrément's end at which its organisation's staff are warned (up to four).
    #[arg(
        long,
        env = "PARCOURS_AGREMENT_WARN_DAYS",
        default_value = DEFAULT_AGREMENT_WARN_DAYS,
        value_delimiter = ',',
        global = true
    )]
    pub agrement_warn_days: Vec<u16>,
    /// Days before a habilitation's, a Pix certification's, a host label's or a title version's
    /// end at which the people concerned are reminded (up to four).
    #[arg(
        long,
        env = "PARCOURS_VALIDITY_REMIND_DAYS",
        default_value = DEFAULT_VALIDITY_REMIND_DAYS,
        value_delimiter = ',',
        global = true
    )]
    pub validity_remind_days: Vec<u16>,
    /// Due dates of the steps of a session's file, as `step=days` from the session's day
    /// (negative before it), comma-separated; steps not named keep their default.
    #[arg(
        long,
        env = "PARCOURS_SESSION_STEP_DAYS",
        default_value = DEFAULT_STEP_DAYS,
        value_parser = step_days,
        global = true
    )]
    pub session_step_days: StepOffsets,
}

/// Reads `PARCOURS_SESSION_STEP_DAYS` over the defaults.
fn step_days(list: &str) -> Result<StepOffsets, String> {
    StepOffsets::parse_over(StepOffsets::defaults(), list)
}

/// Up to four offsets in days, each at most `max`; the unused slots are 0.
pub(super) fn four_offsets(days: &[u16], max: u16) -> [u16; 4] {
    let mut slots = [0; 4];
    for (slot, days) in slots.iter_mut().zip(days) {
        *slot = (*days).min(max);
    }
    slots
}

impl RecordArgs {
    /// The settings, each value brought within its bounds.
    pub fn into_settings(self) -> (AttendanceSettings, LivretSettings, ExamCentreSettings) {
        let attendance = AttendanceSettings {
            opens_before_minutes: self.signing_opens_before.min(24 * 60),
            closes_after_minutes: self.signing_closes_after.min(24 * 60),
            absence_notice_hours: self.absence_notice_after.clamp(1, 24 * 60),
            upload_max_bytes: u64::from(self.upload_max_kb.clamp(16, 100 * 1024)) * 1024,
            evidence_years: self.retention_evidence_years.clamp(1, 100),
            certificate_years: self.retention_certificate_years.clamp(1, 100),
            esf_years: self.retention_esf_years.clamp(1, 100),
        };
        let livret = LivretSettings {
            resit_reminder_days: self.resit_reminder_days.min(365),
            accommodation_notice_days: self.accommodation_notice_days.min(730),
        };
        let exam_centre = ExamCentreSettings {
            agrement_warn_days: four_offsets(&self.agrement_warn_days, u16::MAX),
            validity_remind_days: four_offsets(&self.validity_remind_days, 3650),
            step_offsets: self.session_step_days,
        };
        (attendance, livret, exam_centre)
    }
}
