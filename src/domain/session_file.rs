//! The session's file (« dossier de session »): its kind, and the dated steps an exam centre
//! goes through for each session of a titre professionnel, each due some days before or after
//! the session's day. The lead times are a practitioner's (one centre's software alerts at
//! J−120, J−90, J−40), configurable by `PARCOURS_SESSION_STEP_DAYS`, not law.

use chrono::{Days, NaiveDate};

/// The kind of a session (arrêté du 21 juillet 2016).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// Every CCP of the title; always ends with an entretien final.
    Titre,
    /// One or more CCPs (the kind of every session recorded before kinds existed).
    Ccp,
}

impl SessionKind {
    /// Every kind.
    pub const ALL: [Self; 2] = [Self::Titre, Self::Ccp];

    /// As stored.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Titre => "session_titre",
            Self::Ccp => "session_ccp",
        }
    }

    /// In French.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Titre => "Session titre",
            Self::Ccp => "Session CCP",
        }
    }

    /// The kind stored as `code`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

/// How the procès-verbal went to the DREETS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// By e-mail.
    Email,
    /// By post.
    Post,
    /// On the DREETS's platform.
    Platform,
    /// Handed over.
    Hand,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Self; 4] = [Self::Email, Self::Post, Self::Platform, Self::Hand];

    /// As stored.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Post => "post",
            Self::Platform => "platform",
            Self::Hand => "hand",
        }
    }

    /// In French.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Email => "par courriel",
            Self::Post => "par courrier",
            Self::Platform => "sur la plateforme de la DREETS",
            Self::Hand => "remis en main propre",
        }
    }

    /// The channel stored as `code`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// A step of the session's file, in the order they are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Declared to the DREETS.
    Declared,
    /// Evaluation file (dossier d'évaluation) ordered.
    EvaluationOrdered,
    /// Evaluation file received.
    EvaluationReceived,
    /// Jury invited.
    JuryInvited,
    /// Convocations sent to the candidates.
    ConvocationsSent,
    /// Règlement shown to the candidates.
    RulesShown,
    /// Results keyed into CERES.
    ResultsKeyed,
    /// Procès-verbal signed by the jury.
    PvSigned,
    /// Procès-verbal sent to the DREETS (with its channel).
    PvSent,
    /// Procès-verbal validated by the DREETS.
    PvValidated,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Self; 10] = [
        Self::Declared,
        Self::EvaluationOrdered,
        Self::EvaluationReceived,
        Self::JuryInvited,
        Self::ConvocationsSent,
        Self::RulesShown,
        Self::ResultsKeyed,
        Self::PvSigned,
        Self::PvSent,
        Self::PvValidated,
    ];

    /// As stored.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::EvaluationOrdered => "evaluation_ordered",
            Self::EvaluationReceived => "evaluation_received",
            Self::JuryInvited => "jury_invited",
            Self::ConvocationsSent => "convocations_sent",
            Self::RulesShown => "rules_shown",
            Self::ResultsKeyed => "results_keyed",
            Self::PvSigned => "pv_signed",
            Self::PvSent => "pv_sent",
            Self::PvValidated => "pv_validated",
        }
    }

    /// In French.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Declared => "Session déclarée à la DREETS",
            Self::EvaluationOrdered => "Dossier d'évaluation commandé",
            Self::EvaluationReceived => "Dossier d'évaluation reçu",
            Self::JuryInvited => "Jury convoqué",
            Self::ConvocationsSent => "Convocations envoyées aux candidats",
            Self::RulesShown => "Règlement présenté aux candidats",
            Self::ResultsKeyed => "Résultats saisis dans CERES",
            Self::PvSigned => "Procès-verbal signé par le jury",
            Self::PvSent => "Procès-verbal envoyé à la DREETS",
            Self::PvValidated => "Procès-verbal validé par la DREETS",
        }
    }

    /// The step stored as `code`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// Its place in [`Self::ALL`].
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Days from the session's day to each step's due date, in the order of [`Step::ALL`]
/// (negative: before the session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepOffsets(pub [i16; 10]);

/// The default lead times, as written on their flag: `step=days` (J−120 evaluation file, J−90
/// jury, J−40 convocations; the others a practitioner's choice).
pub const DEFAULT_STEP_DAYS: &str = "declared=-120,evaluation_ordered=-120,evaluation_received=-60,\
     jury_invited=-90,convocations_sent=-40,rules_shown=0,results_keyed=3,pv_signed=0,pv_sent=3,\
     pv_validated=30";

impl StepOffsets {
    /// Reads `step=days` pairs separated by commas; steps not named keep `base`'s offset.
    pub fn parse_over(base: Self, list: &str) -> Result<Self, String> {
        let mut offsets = base.0;
        for pair in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (code, days) = pair
                .split_once('=')
                .ok_or_else(|| format!("« {pair} » : attendu étape=jours"))?;
            let step =
                Step::parse(code.trim()).ok_or_else(|| format!("« {code} » : étape inconnue"))?;
            let days: i16 = days
                .trim()
                .parse()
                .ok()
                .filter(|d: &i16| (-730..=730).contains(d))
                .ok_or_else(|| format!("« {days} » : des jours entre -730 et 730"))?;
            offsets[step.index()] = days;
        }
        Ok(Self(offsets))
    }

    /// The defaults of [`DEFAULT_STEP_DAYS`].
    pub fn defaults() -> Self {
        Self::parse_over(Self([0; 10]), DEFAULT_STEP_DAYS).unwrap_or(Self([0; 10]))
    }

    /// When `step` of a session held on `day` is due.
    pub fn due_on(self, step: Step, day: NaiveDate) -> NaiveDate {
        let days = self.0[step.index()];
        let moved = if days < 0 {
            day.checked_sub_days(Days::new(u64::from(days.unsigned_abs())))
        } else {
            day.checked_add_days(Days::new(u64::from(days.unsigned_abs())))
        };
        moved.unwrap_or(day)
    }
}

impl Default for StepOffsets {
    fn default() -> Self {
        Self::defaults()
    }
}

/// Where a step stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Recorded.
    Done,
    /// Not done and its due date has passed.
    Late,
    /// Not done, due today or later.
    Pending,
}

impl StepStatus {
    /// Of a step done or not, due on `due`, on `today`.
    pub fn of(done: bool, due: NaiveDate, today: NaiveDate) -> Self {
        if done {
            Self::Done
        } else if today > due {
            Self::Late
        } else {
            Self::Pending
        }
    }

    /// As the API names it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Late => "late",
            Self::Pending => "pending",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_lead_times_are_the_practitioners() {
        let offsets = StepOffsets::defaults();
        let day = d("2026-06-15");
        assert_eq!(
            offsets.due_on(Step::EvaluationOrdered, day),
            d("2026-02-15")
        );
        assert_eq!(offsets.due_on(Step::JuryInvited, day), d("2026-03-17"));
        assert_eq!(offsets.due_on(Step::ConvocationsSent, day), d("2026-05-06"));
        assert_eq!(offsets.due_on(Step::PvValidated, day), d("2026-07-15"));
        assert_eq!(offsets.due_on(Step::PvSigned, day), day);
    }

    #[test]
    fn a_list_overrides_some_steps_and_refuses_nonsense() {
        let offsets = StepOffsets::parse_over(StepOffsets::defaults(), "jury_invited=-60").unwrap();
        assert_eq!(offsets.0[Step::JuryInvited.index()], -60);
        assert_eq!(offsets.0[Step::ConvocationsSent.index()], -40);
        assert!(StepOffsets::parse_over(offsets, "jury=-60").is_err());
        assert!(StepOffsets::parse_over(offsets, "jury_invited").is_err());
        assert!(StepOffsets::parse_over(offsets, "jury_invited=-9999").is_err());
    }

    #[test]
    fn a_step_is_late_the_day_after_it_was_due() {
        let due = d("2026-03-01");
        assert_eq!(StepStatus::of(false, due, due), StepStatus::Pending);
        assert_eq!(
            StepStatus::of(false, due, d("2026-03-02")),
            StepStatus::Late
        );
        assert_eq!(StepStatus::of(true, due, d("2026-03-02")), StepStatus::Done);
    }

    #[test]
    fn codes_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        for kind in SessionKind::ALL {
            assert_eq!(SessionKind::parse(kind.as_str()), Some(kind));
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        }
    }
}
