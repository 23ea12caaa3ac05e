//! The job kinds and their payloads.

use super::*;

#[test]
fn payloads_round_trip_with_their_kind() {
    let job = Job::DeadlineReminder {
        advisor_id: 7,
        deadline: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
        days_before: 30,
    };
    let text = serde_json::to_string(&job).unwrap();
    assert!(text.contains("\"kind\":\"deadline_reminder\""));
    assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
    assert_eq!(
        job.dedupe_key().unwrap(),
        "deadline-reminder:7:2027-01-04:30"
    );
}

/// A payload that fills the fields of every variant (serde ignores the others).
fn payload_of(kind: &str) -> String {
    format!(
        r#"{{"kind":"{kind}","enrolment_id":1,"candidate_id":1,"day_id":1,
            "title_award_id":1,"reset_id":1,"cross_org_id":1,"advisor_id":1,
            "deadline":"2027-01-04","days_before":30,
            "cohort_day_id":1,"module_day_id":1,"half_day":"am","justification_id":1,
            "agrement_id":1,"valid_until":"2027-01-04","user_id":1,"session_id":1,
            "step":"declared","due_on":"2027-01-04",
            "item":"habilitation","item_id":1,"ends_on":"2027-01-04","recipient":1,"sent_on":"2027-01-04","to_host":false}}"#
    )
}

#[test]
fn each_kind_is_the_tag_of_its_job_and_parses_back() {
    for kind in JobKind::ALL {
        let job: Job = serde_json::from_str(&payload_of(kind.as_str()))
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(job.kind(), *kind);
        assert_eq!(kind.as_str().parse::<JobKind>(), Ok(*kind));
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!(
        "no_such_kind".parse::<JobKind>(),
        Err(UnknownJobKind("no_such_kind".to_owned()))
    );
}

#[test]
fn the_kinds_are_exactly_the_job_variants() {
    let Err(error) = serde_json::from_str::<Job>(&payload_of("no_such_kind")) else {
        panic!("an unknown kind was read");
    };
    // serde lists every variant it knows: "unknown variant `x`, expected one of `a`, `b`".
    let message = error.to_string();
    let expected = message
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected message: {message}"));
    let mut variants: Vec<&str> = expected
        .split(", ")
        .map(|v| v.trim_start_matches('`').split('`').next().unwrap_or(v))
        .collect();
    let mut names = JobKind::NAMES.to_vec();
    variants.sort_unstable();
    names.sort_unstable();
    assert_eq!(variants, names);
    assert_eq!(JobKind::ALL.len(), JobKind::NAMES.len());
}
