//! The test harness and toolkit: a real server per test on a fresh database with a fixed clock
//! (`app`, `db`), HTTP calls that expect their answer (`http`), refusals that name their rule
//! (`assertions`), and builders that make the world in one call (`builders`, `exams`).

mod app;
mod assertions;
mod builders;
mod db;
mod epreuves;
mod exams;
mod http;

pub use app::{Options, PASSWORD, TestApp, default_now, free_port};
pub use assertions::{assert_field_error, assert_page_refusal, assert_problem};
pub use builders::{
    advisor_body, cancel_day, cohort, enrol, enrol_by_email, enrol_joined, enrolled_advisor,
    feed_path, mairie_x, module_enrolment, module_of, module_session, move_day, named_advisor,
    rename_user, training_days,
};
pub use db::postgres_url;
pub use epreuves::{epreuve_of, give_extra_time, observe_entretien_final, put_slot, schedule_of};
pub use exams::{
    ExamWorld, Examiner, add_juror, cancel_exam_session, ccp1, ccp1_on_10_march, ccp1_on_14_april,
    confirm, convoke, exam_session, examiner, examiner_until, habilitate,
    move_to_14_april_afternoon, publish, record_result,
};
pub use http::{csrf_token, header, post_form, submit};
