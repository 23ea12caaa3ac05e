//! The exam day's vocabulary: an incident's category, and how a candidate of a remote session
//! sat it (arrêté du 14 novembre 2024: the procès-verbal gives each candidate's remote
//! modality). The modalities are an assumption of ours (the arrêté names the obligation, not a
//! list): visioconference from a place the candidate chose, visioconference from a site the
//! centre or a host structure provides, or on site after all.

use chrono::{Duration, NaiveDateTime};

/// Refusal: an incident is recorded once it has happened.
pub const IN_THE_FUTURE: &str =
    "Un incident se consigne une fois survenu : l'heure indiquée est à venir.";
/// Refusal: the incident must fall on the session's day.
pub const OUTSIDE_SESSION: &str =
    "L'heure de l'incident doit tomber pendant la session (de la veille au lendemain).";

/// What kind of incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentCategory {
    /// Connection, equipment, software.
    Technical,
    /// Identity not checked or in doubt.
    Identity,
    /// Suspected fraud.
    Fraud,
    /// Noise, interruption, late start.
    Disruption,
    /// A candidate's or juror's health.
    Health,
    /// Anything else.
    Other,
}

impl IncidentCategory {
    /// Every category, in the order forms list them.
    pub const ALL: [Self; 6] = [
        Self::Technical,
        Self::Identity,
        Self::Fraud,
        Self::Disruption,
        Self::Health,
        Self::Other,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Technical => "technical",
            Self::Identity => "identity",
            Self::Fraud => "fraud",
            Self::Disruption => "disruption",
            Self::Health => "health",
            Self::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Technical => "incident technique (connexion, matériel, logiciel)",
            Self::Identity => "vérification d'identité",
            Self::Fraud => "suspicion de fraude",
            Self::Disruption => "perturbation du déroulement",
            Self::Health => "malaise ou problème de santé",
            Self::Other => "autre",
        }
    }
}

/// How a candidate sat a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteModality {
    /// Visioconference from a place the candidate chose (home, workplace).
    VideoHome,
    /// Visioconference from a site provided by the centre or a host structure.
    VideoSite,
    /// In the room with the jury.
    OnSite,
}

impl RemoteModality {
    /// Every modality, in the order forms list them.
    pub const ALL: [Self; 3] = [Self::VideoHome, Self::VideoSite, Self::OnSite];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VideoHome => "video_home",
            Self::VideoSite => "video_site",
            Self::OnSite => "on_site",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// French label, as the procès-verbal prints it.
    pub fn label(self) -> &'static str {
        match self {
            Self::VideoHome => {
                "à distance, en visioconférence depuis un lieu choisi par le candidat"
            }
            Self::VideoSite => "à distance, en visioconférence depuis un site mis à disposition",
            Self::OnSite => "en présentiel",
        }
    }

    /// Whether the candidate sat remotely.
    pub fn is_remote(self) -> bool {
        self != Self::OnSite
    }
}

/// How a candidate sat: what was recorded, else on site for an on-site session and none yet for
/// a remote one (the procès-verbal then says the modality is missing).
pub fn effective_modality(session_remote: bool, recorded: Option<&str>) -> Option<RemoteModality> {
    match recorded.and_then(RemoteModality::parse) {
        Some(m) => Some(m),
        None if !session_remote => Some(RemoteModality::OnSite),
        None => None,
    }
}

/// Whether a modality may be recorded for a candidate of a session: any in a remote session,
/// only « en présentiel » in an on-site one.
pub fn modality_allowed(session_remote: bool, modality: RemoteModality) -> Result<(), String> {
    if session_remote || modality == RemoteModality::OnSite {
        Ok(())
    } else {
        Err(
            "Cette session a lieu sur place : une modalité à distance ne s'y applique pas."
                .to_owned(),
        )
    }
}

/// Checks an incident's time: not in the future, and from the day before the session's start
/// to the day after its end (an incident at check-in, or noticed at deliberation).
pub fn check_incident_time(
    occurred_at: NaiveDateTime,
    now: NaiveDateTime,
    session: (NaiveDateTime, NaiveDateTime),
) -> Result<NaiveDateTime, String> {
    if occurred_at > now + Duration::minutes(5) {
        return Err(IN_THE_FUTURE.to_owned());
    }
    if occurred_at < session.0 - Duration::days(1) || occurred_at > session.1 + Duration::days(1) {
        return Err(OUTSIDE_SESSION.to_owned());
    }
    Ok(occurred_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_remote_candidate_has_no_modality_until_recorded() {
        assert_eq!(effective_modality(true, None), None);
        assert_eq!(
            effective_modality(false, None),
            Some(RemoteModality::OnSite)
        );
        assert_eq!(
            effective_modality(true, Some("video_home")),
            Some(RemoteModality::VideoHome)
        );
        assert!(modality_allowed(false, RemoteModality::VideoSite).is_err());
        assert!(modality_allowed(true, RemoteModality::OnSite).is_ok());
    }

    #[test]
    fn an_incident_happens_during_the_session_and_not_later_than_now() {
        let session = (at(9), at(12));
        assert!(check_incident_time(at(10), at(11), session).is_ok());
        assert_eq!(
            check_incident_time(at(12), at(11), session),
            Err(IN_THE_FUTURE.to_owned())
        );
        assert_eq!(
            check_incident_time(at(9) - Duration::days(3), at(11), session),
            Err(OUTSIDE_SESSION.to_owned())
        );
        for c in IncidentCategory::ALL {
            assert_eq!(IncidentCategory::parse(c.as_str()), Some(c));
        }
    }
}
