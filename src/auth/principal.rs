//! The authenticated user and what their memberships let them see and do.
//!
//! Every permission rule of the foundation lives here; services call these checks before they
//! read or write, and list queries take the [`Scope`] they compute.

use serde::Serialize;

use crate::domain::roles::Role;
pub use crate::domain::scope::Scope;
use crate::error::AppError;

/// One role held by a user, within an organisation or (admins, advisors) none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The organisation, for organisation roles.
    pub organisation_id: Option<i64>,
    /// The role.
    pub role: Role,
}

/// Who is making the request.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    /// The user's id.
    pub user_id: i64,
    /// Their e-mail.
    pub email: String,
    /// Their display name.
    pub name: String,
    /// The advisor record of an advisor account.
    pub advisor_id: Option<i64>,
    /// Every role they hold; the first is the one pages lead with.
    pub memberships: Vec<Membership>,
    /// Organisations coordinated by the organisations in which they are coordinator.
    pub coordinated: Vec<i64>,
}

impl Principal {
    /// The actor of command-line operations (`parcours users add`, `parcours demo`): an
    /// administrator that is not a user, logged as `cli`.
    pub fn system() -> Self {
        Self {
            user_id: 0,
            email: "cli".to_owned(),
            name: "Ligne de commande".to_owned(),
            advisor_id: None,
            memberships: vec![Membership {
                organisation_id: None,
                role: Role::Admin,
            }],
            coordinated: Vec::new(),
        }
    }

    /// The user id to store in the audit log (none for the command line).
    pub fn audit_user_id(&self) -> Option<i64> {
        (self.user_id > 0).then_some(self.user_id)
    }

    /// Whether the user runs the platform.
    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }

    /// Whether the user holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.memberships.iter().any(|m| m.role == role)
    }

    /// The role pages lead with.
    pub fn primary_role(&self) -> Option<Role> {
        self.memberships.first().map(|m| m.role)
    }

    /// The organisation pages lead with.
    pub fn primary_organisation(&self) -> Option<i64> {
        self.memberships.iter().find_map(|m| m.organisation_id)
    }

    /// Organisations in which the user holds `role`.
    pub fn orgs_with(&self, role: Role) -> Vec<i64> {
        let mut orgs: Vec<i64> = self
            .memberships
            .iter()
            .filter(|m| m.role == role)
            .filter_map(|m| m.organisation_id)
            .collect();
        orgs.sort_unstable();
        orgs.dedup();
        orgs
    }

    /// Whether the user is staff of `organisation_id` (admins count as staff everywhere).
    pub fn is_staff_of(&self, organisation_id: i64) -> bool {
        self.is_admin() || self.orgs_with(Role::Staff).contains(&organisation_id)
    }

    /// Organisations whose data the user may read: their own (as staff, trainer or
    /// coordinator) and, for coordinators, those their organisation coordinates.
    fn readable_orgs(&self) -> Vec<i64> {
        let mut orgs: Vec<i64> = self
            .memberships
            .iter()
            .filter(|m| matches!(m.role, Role::Staff | Role::Trainer | Role::Coordinator))
            .filter_map(|m| m.organisation_id)
            .chain(self.coordinated.iter().copied())
            .collect();
        orgs.sort_unstable();
        orgs.dedup();
        orgs
    }

    /// Which advisors the user may see: admins all; staff, trainers and coordinators those of
    /// their organisations (as training body or host structure); an advisor themself.
    pub fn advisor_scope(&self) -> Scope {
        if self.is_admin() {
            return Scope::All;
        }
        let orgs = self.readable_orgs();
        if !orgs.is_empty() {
            return Scope::Organisations(orgs);
        }
        match self.advisor_id {
            Some(id) if self.has_role(Role::Advisor) => Scope::Advisor(id),
            _ => Scope::Nothing,
        }
    }

    /// Which cohorts the user may see: admins all; staff, trainers and coordinators those of
    /// their organisations.
    pub fn cohort_scope(&self) -> Scope {
        if self.is_admin() {
            return Scope::All;
        }
        let orgs = self.readable_orgs();
        if orgs.is_empty() {
            Scope::Nothing
        } else {
            Scope::Organisations(orgs)
        }
    }

    /// Whether the user may read data owned by `organisation_id`.
    pub fn can_read_org(&self, organisation_id: i64) -> bool {
        self.is_admin() || self.readable_orgs().contains(&organisation_id)
    }

    /// Refuses unless the user is an admin.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "Réservé aux administrateurs de parcours.".to_owned(),
            ))
        }
    }

    /// Refuses unless the user is staff of `organisation_id` (or an admin).
    pub fn require_staff_of(&self, organisation_id: i64) -> Result<(), AppError> {
        if self.is_staff_of(organisation_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "Réservé à l'équipe de l'organisme concerné.".to_owned(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(memberships: Vec<Membership>, coordinated: Vec<i64>) -> Principal {
        Principal {
            user_id: 1,
            email: "x@example.org".to_owned(),
            name: "X".to_owned(),
            advisor_id: Some(99),
            memberships,
            coordinated,
        }
    }

    fn m(org: Option<i64>, role: Role) -> Membership {
        Membership {
            organisation_id: org,
            role,
        }
    }

    #[test]
    fn admin_sees_everything() {
        let p = principal(vec![m(None, Role::Admin)], vec![]);
        assert_eq!(p.advisor_scope(), Scope::All);
        assert!(p.is_staff_of(42));
    }

    #[test]
    fn staff_sees_own_organisation_only() {
        let p = principal(vec![m(Some(3), Role::Staff)], vec![]);
        assert_eq!(p.advisor_scope(), Scope::Organisations(vec![3]));
        assert!(p.is_staff_of(3));
        assert!(!p.is_staff_of(4));
        assert!(p.require_admin().is_err());
    }

    #[test]
    fn coordinator_sees_coordinated_organisations_but_is_not_staff() {
        let p = principal(vec![m(Some(1), Role::Coordinator)], vec![5, 6]);
        assert_eq!(p.cohort_scope(), Scope::Organisations(vec![1, 5, 6]));
        assert!(!p.is_staff_of(5));
    }

    #[test]
    fn advisor_sees_themself_examiner_nothing() {
        let advisor = principal(vec![m(None, Role::Advisor)], vec![]);
        assert_eq!(advisor.advisor_scope(), Scope::Advisor(99));
        assert_eq!(advisor.cohort_scope(), Scope::Nothing);
        let examiner = principal(vec![m(Some(2), Role::Examiner)], vec![]);
        assert_eq!(examiner.advisor_scope(), Scope::Nothing);
    }
}
