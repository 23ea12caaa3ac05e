//! The part a certification plays in the programme's rules. Codes, names and title versions stay
//! data (titles are versioned); only the role is a type, decoded once where certifications are
//! read (`db/exams/certifications.rs`).

use super::roles::OrgRole;

/// What a certification is in the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificationRole {
    /// The first block of a title (CCP1): sat after initial training, organised by the CCP1
    /// organisers within their territories.
    Ccp1Entry,
    /// A later block of a title (CCP2, CCP3): needs CCP1 validated, the host structure's
    /// agreement and the CCP2-CCP3 course.
    LaterBlock,
    /// The Pix certification: outside any title, passed at Pix, its result recorded on the
    /// advisor's record.
    Pix,
}

/// The code of a title's entry block, as the reference data stores it in every title version.
const ENTRY_BLOCK_CODE: &str = "CCP1";

impl CertificationRole {
    /// The role of a stored certification: outside any title it is Pix; within a title, the
    /// entry block is the one coded `CCP1`, every other block comes later.
    pub fn of_stored(code: &str, in_title: bool) -> Self {
        if !in_title {
            Self::Pix
        } else if code == ENTRY_BLOCK_CODE {
            Self::Ccp1Entry
        } else {
            Self::LaterBlock
        }
    }

    /// The programme role an organisation needs to organise sessions of this certification;
    /// none for Pix, whose sessions parcours does not organise.
    pub fn organiser_role(self) -> Option<OrgRole> {
        match self {
            Self::Ccp1Entry => Some(OrgRole::Ccp1ExamOrganiser),
            Self::LaterBlock => Some(OrgRole::Ccp23CourseProvider),
            Self::Pix => None,
        }
    }

    /// Whether the organiser must serve the session's territory (the CCP1 rule).
    pub fn organised_by_territory(self) -> bool {
        self == Self::Ccp1Entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_stored_code_and_title() {
        assert_eq!(
            CertificationRole::of_stored("CCP1", true),
            CertificationRole::Ccp1Entry
        );
        assert_eq!(
            CertificationRole::of_stored("CCP2", true),
            CertificationRole::LaterBlock
        );
        assert_eq!(
            CertificationRole::of_stored("CCP3", true),
            CertificationRole::LaterBlock
        );
        assert_eq!(
            CertificationRole::of_stored("PIX", false),
            CertificationRole::Pix
        );
    }

    #[test]
    fn organisers_by_role() {
        assert_eq!(
            CertificationRole::Ccp1Entry.organiser_role(),
            Some(OrgRole::Ccp1ExamOrganiser)
        );
        assert_eq!(
            CertificationRole::LaterBlock.organiser_role(),
            Some(OrgRole::Ccp23CourseProvider)
        );
        assert_eq!(CertificationRole::Pix.organiser_role(), None);
        assert!(CertificationRole::Ccp1Entry.organised_by_territory());
        assert!(!CertificationRole::LaterBlock.organised_by_territory());
    }
}
