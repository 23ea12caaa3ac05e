//! `parcours retention --dry-run` and `parcours retention` run as the binary, on a SQLite file,
//! with the wall clock: a cohort that ended in February 2019 has its evidence listed, then removed
//! and audited.

use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use parcours::db::schema::{attendance_signatures, audit_log};
use parcours::db::{DbConn, half_days, signatures};

fn parcours_bin(db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parcours"));
    command.env("DATABASE_URL", db).env("RUST_LOG", "warn");
    command
}

fn at(date: NaiveDate, h: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
}

/// A cohort of La Fabrik that ended on 28 February 2019, with one day and a trainer's signature,
/// written straight into the database; returns its id.
fn old_cohort(conn: &mut DbConn) -> i64 {
    let now = chrono::Utc::now().naive_utc();
    let org = parcours::db::organisations::find_by_slug(conn, "la-fabrik")
        .unwrap()
        .unwrap()
        .id;
    let (starts, ends) = (
        NaiveDate::from_ymd_opt(2019, 2, 4).unwrap(),
        NaiveDate::from_ymd_opt(2019, 2, 28).unwrap(),
    );
    let values = parcours::db::cohorts::CohortValues {
        organisation_id: org,
        name: "Lyon — hiver 2019".to_owned(),
        kind: "initial".to_owned(),
        track_id: Some(3),
        starts_on: starts,
        ends_on: ends,
        territory_code: "FR".to_owned(),
        timezone: "Europe/Paris".to_owned(),
        venue: Some("Lyon".to_owned()),
        remote: false,
        capacity: 12,
        updated_at: now,
        esf_cofunded: false,
        lot: None,
        marche: None,
        video_link: None,
    };
    let id = parcours::db::cohorts::insert(conn, &values, now).unwrap();
    let day = parcours::db::schedule::insert(
        conn,
        &parcours::db::schedule::DayValues {
            cohort_id: id,
            day: starts,
            start_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end_time: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            starts_at: at(starts, 8),
            ends_at: at(starts, 16),
            venue: None,
            remote: false,
            updated_at: now,
        },
        now,
    )
    .unwrap();
    let hd = half_days::get_or_create(conn, half_days::COHORT_DAY, day, "am").unwrap();
    signatures::insert(
        conn,
        &signatures::NewSignature {
            half_day_id: hd.id,
            signer_role: signatures::TRAINER,
            advisor_id: None,
            user_id: None,
            method: "self",
            on_site_proof: true,
            signed_at: at(starts, 11),
            client_addr: None,
            user_agent: None,
            drawn_svg: None,
        },
    )
    .unwrap();
    id
}

#[test]
fn the_command_lists_with_dry_run_then_removes() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("retention.db").display());
    let migrated = parcours_bin(&db).arg("migrate").output().unwrap();
    assert!(migrated.status.success());
    let mut conn = parcours::db::establish(&db).unwrap();
    let id = old_cohort(&mut conn);
    let signatures_left = |conn: &mut DbConn| -> i64 {
        attendance_signatures::table
            .count()
            .get_result(conn)
            .unwrap()
    };

    let dry = parcours_bin(&db)
        .args(["retention", "--dry-run"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        out.contains(&format!(
            "Session {id} « Lyon — hiver 2019 » (fin le 28/02/2019 ; règle : preuves 6 ans, certificats 3 ans) : 1 signature(s)"
        )),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .contains("Simulation : 1 session(s) à purger, 1 élément(s) ; rien n'a été supprimé."),
        "{out}"
    );
    assert_eq!(signatures_left(&mut conn), 1, "the dry run deletes nothing");

    let real = parcours_bin(&db).arg("retention").output().unwrap();
    let out = String::from_utf8_lossy(&real.stdout);
    assert!(
        real.status.success(),
        "{}",
        String::from_utf8_lossy(&real.stderr)
    );
    assert!(
        out.contains("Conservation : 1 session(s) purgée(s), 1 élément(s) supprimé(s)."),
        "{out}"
    );
    assert_eq!(signatures_left(&mut conn), 0);
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("retention.purge"))
        .filter(audit_log::entity_id.eq(id.to_string()))
        .filter(audit_log::actor.eq("cli"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 1);
}
