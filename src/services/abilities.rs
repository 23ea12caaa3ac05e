//! What a user's roles let them do, decided here for the services that refuse and for the pages
//! that show or hide a link or a button (pages read these flags, never the roles).

use serde::Serialize;

use crate::auth::Principal;
use crate::domain::roles::Role;
use crate::domain::scope::Scope;

/// Whether `actor` may schedule cohorts and record advisors: admins and organisation staff (the
/// organisation itself is checked on the record).
pub fn may_record_for_an_organisation(actor: &Principal) -> bool {
    actor.is_admin() || actor.has_role(Role::Staff)
}

/// Whether `actor` may pick any training body in a form (admins), rather than only their own.
pub fn may_choose_any_training_body(actor: &Principal) -> bool {
    actor.is_admin()
}

/// Whether `actor` may revoke an attestation (admins).
pub fn may_revoke_certificates(actor: &Principal) -> bool {
    actor.is_admin()
}

/// The flags pages show or hide their links and buttons by.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Abilities {
    /// Schedule cohorts and record advisors.
    pub record_for_organisation: bool,
    /// Revoke attestations.
    pub revoke_certificates: bool,
    /// The menus of organisation data (advisors, cohorts, deadlines): admins, staff, trainers,
    /// coordinators.
    pub organisation_menus: bool,
    /// Some organisation's advisors and cohorts to read (a scope other than nothing).
    pub organisation_data: bool,
    /// Exam sessions.
    pub exams: bool,
    /// The advisor's own exam sessions (« Mes examens »), for an advisor account.
    pub own_exams: bool,
    /// The background jobs page and the reference data pages (admins).
    pub jobs: bool,
    /// The « CCP à repasser » list: staff, coordinators and admins.
    pub resit_list: bool,
    /// The advisor's own record, for an advisor account.
    pub own_path: Option<i64>,
    /// An advisor account with no other role (its home is its own path).
    pub advisor_only: bool,
    /// Today's half-days to open and close, on the home page (trainers).
    pub trainer_today: bool,
    /// « Signer ma présence » (advisor accounts).
    pub sign_own_presence: bool,
}

/// What `actor` may do, as flags.
pub fn of(actor: &Principal) -> Abilities {
    let own_path = actor.advisor_id.filter(|_| actor.has_role(Role::Advisor));
    Abilities {
        record_for_organisation: may_record_for_an_organisation(actor),
        revoke_certificates: may_revoke_certificates(actor),
        organisation_menus: actor.is_admin()
            || [Role::Staff, Role::Trainer, Role::Coordinator]
                .into_iter()
                .any(|role| actor.has_role(role)),
        organisation_data: actor.cohort_scope() != Scope::Nothing,
        exams: actor.is_admin() || actor.has_role(Role::Staff) || actor.has_role(Role::Examiner),
        own_exams: own_path.is_some(),
        jobs: actor.is_admin(),
        resit_list: actor.is_admin()
            || actor.has_role(Role::Staff)
            || actor.has_role(Role::Coordinator),
        own_path,
        advisor_only: own_path.is_some() && actor.memberships.len() == 1,
        trainer_today: actor.has_role(Role::Trainer) || actor.has_role(Role::Examiner),
        sign_own_presence: own_path.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::principal::Membership;

    fn principal(roles: &[(Option<i64>, Role)]) -> Principal {
        Principal {
            user_id: 1,
            email: "x@example.org".to_owned(),
            name: "X".to_owned(),
            advisor_id: Some(9),
            memberships: roles
                .iter()
                .map(|&(organisation_id, role)| Membership {
                    organisation_id,
                    role,
                })
                .collect(),
            coordinated: Vec::new(),
        }
    }

    #[test]
    fn staff_records_but_neither_revokes_nor_sees_jobs() {
        let staff = of(&principal(&[(Some(3), Role::Staff)]));
        assert!(staff.record_for_organisation && staff.organisation_data && staff.exams);
        assert!(!staff.revoke_certificates && !staff.jobs);
        assert_eq!(staff.own_path, None);
    }

    #[test]
    fn an_advisor_alone_has_only_their_path() {
        let advisor = of(&principal(&[(None, Role::Advisor)]));
        assert_eq!(advisor.own_path, Some(9));
        assert!(advisor.advisor_only);
        assert!(!advisor.organisation_data && !advisor.exams && !advisor.record_for_organisation);
        let both = of(&principal(&[
            (None, Role::Advisor),
            (Some(2), Role::Trainer),
        ]));
        assert!(!both.advisor_only && both.organisation_data);
    }

    #[test]
    fn admins_may_do_everything_but_have_no_path() {
        let admin = of(&principal(&[(None, Role::Admin)]));
        assert!(admin.record_for_organisation && admin.revoke_certificates && admin.jobs);
        assert!(admin.exams && admin.organisation_data);
        assert_eq!(admin.own_path, None);
    }
}
