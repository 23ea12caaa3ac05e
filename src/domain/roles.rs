//! Who does what: user roles, organisation kinds and programme roles.

use serde::{Deserialize, Serialize};

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored and API name.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// French label for pages.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            /// Parses the stored name.
            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// What a user may do, within an organisation (or none, for admins and advisors).
    Role {
        /// Runs the platform; belongs to no organisation.
        Admin = "admin" => "Administrateur",
        /// Sees progress across the organisations their organisation coordinates.
        Coordinator = "coordinator" => "Coordinateur",
        /// Staff of a training body or host structure.
        Staff = "staff" => "Équipe",
        /// Trains cohorts and takes attendance.
        Trainer = "trainer" => "Formateur",
        /// Sits on exam juries.
        Examiner = "examiner" => "Examinateur",
        /// An advisor, seeing their own path.
        Advisor = "advisor" => "Conseiller numérique",
    }
}

impl Role {
    /// Whether this role is held within an organisation.
    pub fn needs_organisation(self) -> bool {
        !matches!(self, Self::Admin | Self::Advisor)
    }
}

text_enum! {
    /// The broad kind of an organisation.
    OrgKind {
        /// ANCT, La Mednum, Histya.
        NationalCoordinator = "national_coordinator" => "Coordination nationale",
        /// La Fabrik, Francil'In and the regional training bodies.
        TrainingBody = "training_body" => "Organisme de formation",
        /// Employers of advisors.
        HostStructure = "host_structure" => "Structure d'accueil",
    }
}

text_enum! {
    /// The programme roles an organisation holds; one organisation may hold several.
    OrgRole {
        /// Coordinates the programme or part of it.
        NationalCoordinator = "national_coordinator" => "Coordination nationale",
        /// Delivers initial training.
        InitialTraining = "initial_training" => "Formation initiale",
        /// Organises CCP1 exams.
        Ccp1ExamOrganiser = "ccp1_exam_organiser" => "Organisateur des examens CCP1",
        /// Owns the thematic module catalogue.
        ModuleCatalogueOwner = "module_catalogue_owner" => "Catalogue des modules thématiques",
        /// Delivers thematic module sessions.
        ModuleProvider = "module_provider" => "Modules thématiques",
        /// Delivers the CCP2-CCP3 course.
        Ccp23CourseProvider = "ccp23_course_provider" => "Parcours CCP2-CCP3",
        /// Employs advisors.
        HostStructure = "host_structure" => "Structure d'accueil",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        for role in OrgRole::ALL {
            assert_eq!(OrgRole::parse(role.as_str()), Some(*role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn only_admins_and_advisors_stand_outside_organisations() {
        assert!(!Role::Admin.needs_organisation());
        assert!(!Role::Advisor.needs_organisation());
        assert!(Role::Staff.needs_organisation());
        assert!(Role::Coordinator.needs_organisation());
    }
}
