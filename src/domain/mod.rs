//! Pure rules and types of the programme: no axum, no diesel, no I/O. Each rule is unit-tested
//! beside its code; services call these and turn their refusals into field errors.

pub mod absence;
pub mod accommodation;
pub mod agrement;
pub mod attendance_labels;
pub mod backoff;
pub mod catalogue;
pub mod certification;
pub mod cohort;
pub mod deadline;
pub mod display_name;
pub mod document_time;
pub mod drawn_signature;
pub mod eligibility;
pub mod email;
pub mod epreuves;
pub mod exam;
pub mod exam_incident;
pub mod file_type;
pub mod french;
pub mod input;
pub mod livret;
pub mod org_identity;
pub mod pagination;
pub mod placement;
pub mod positioning;
pub mod redirect;
pub mod retention;
pub mod roles;
pub mod schedule;
pub mod scope;
pub mod session_file;
pub mod signing_window;
pub mod text;
pub mod timezone;
pub mod validation;
