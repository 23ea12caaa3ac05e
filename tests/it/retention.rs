//! Retention of attendance proof: counted from the end of the training action, evidence after
//! six years, certificates after three, everything after ten for an ESF-co-funded action; the
//! dry run lists and touches nothing, the real run removes and audits, once per cohort. The
//! command itself: `retention_cli.rs`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use parcours::auth::Principal;
use parcours::db::schema::{
    absence_justifications, attendance_half_days, attendance_signatures, audit_log,
    sealed_documents, signing_steps, stored_files,
};
use parcours::db::{DbConn, half_days, signatures, stored_files as files};
use parcours::services::retention;
use serde_json::json;

use crate::support::{TestApp, advisor_body, cohort, training_days};

/// The rows of evidence and documents [`add_evidence`] wrote for one cohort.
pub(crate) struct Evidence {
    /// The morning half-day.
    pub half_day: i64,
    /// The scanned sheet and the absence proof.
    pub files: [i64; 2],
}

fn store_file(conn: &mut DbConn, name: &str, bytes: &[u8], now: NaiveDateTime) -> i64 {
    files::insert(
        conn,
        &files::NewFile {
            sha256: "00",
            content_type: "application/pdf",
            size_bytes: i64::try_from(bytes.len()).unwrap(),
            original_name: name,
            content: bytes,
            uploaded_by: None,
            created_at: now,
        },
    )
    .unwrap()
}

fn sealed(conn: &mut DbConn, kind: &str, code: &str, cohort: i64, advisor: Option<i64>) -> i64 {
    let now = chrono::Utc::now().naive_utc();
    parcours::services::signing_keys::ensure(conn, now).unwrap();
    let key_id = parcours::db::signing_keys::active(conn)
        .unwrap()
        .unwrap()
        .kid;
    diesel::insert_into(sealed_documents::table)
        .values((
            sealed_documents::kind.eq(kind),
            sealed_documents::code.eq(code),
            sealed_documents::cohort_id.eq(cohort),
            sealed_documents::advisor_id.eq(advisor),
            sealed_documents::sha256.eq("ab"),
            sealed_documents::signature.eq("sig"),
            sealed_documents::kid.eq(key_id),
            sealed_documents::pdf.eq(b"%PDF-1.7 \x00\xff sealed".to_vec()),
            sealed_documents::created_at.eq(now),
        ))
        .returning(sealed_documents::id)
        .get_result(conn)
        .unwrap()
}

/// A paper half-day with its scanned sheet, a trainee's signature, a correction, a justified
/// absence with its proof, a signing step, two versions of the sealed sheet (the first replaced
/// by the second), a certificat de réalisation and an attestation de fin de formation.
pub(crate) fn add_evidence(conn: &mut DbConn, cohort: i64, day: i64, advisor: i64) -> Evidence {
    let now = chrono::Utc::now().naive_utc();
    let hd = half_days::get_or_create(conn, half_days::COHORT_DAY, day, "am").unwrap();
    let sheet = store_file(conn, "feuille.pdf", b"%PDF-1.7 \x00\x01\xfe scan", now);
    half_days::set_paper(conn, hd.id, Some(sheet)).unwrap();
    signatures::insert(
        conn,
        &signatures::NewSignature {
            half_day_id: hd.id,
            signer_role: signatures::TRAINEE,
            advisor_id: Some(advisor),
            user_id: None,
            method: "paper",
            on_site_proof: true,
            signed_at: now,
            client_addr: Some("127.0.0.1"),
            user_agent: None,
            drawn_svg: Some("M 0 0 L 10 10"),
        },
    )
    .unwrap();
    signatures::insert_correction(
        conn,
        &signatures::NewCorrection {
            half_day_id: hd.id,
            advisor_id: advisor,
            before_status: Some("absent"),
            after_status: "present",
            reason: "Erreur de saisie",
            corrected_by: None,
            corrected_at: now,
        },
    )
    .unwrap();
    let proof = store_file(conn, "arret.pdf", b"%PDF-1.7 proof", now);
    diesel::insert_into(absence_justifications::table)
        .values((
            absence_justifications::half_day_id.eq(hd.id),
            absence_justifications::advisor_id.eq(advisor),
            absence_justifications::category.eq("sick_leave"),
            absence_justifications::file_id.eq(proof),
            absence_justifications::submitted_at.eq(now),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(signing_steps::table)
        .values((
            signing_steps::secret_hash.eq(format!("secret-{}", hd.id)),
            signing_steps::half_day_id.eq(hd.id),
            signing_steps::created_at.eq(now),
            signing_steps::expires_at.eq(now),
        ))
        .execute(conn)
        .unwrap();
    let old = sealed(
        conn,
        "attendance_sheet",
        &format!("EM-{cohort}-1"),
        cohort,
        None,
    );
    let new = sealed(
        conn,
        "attendance_sheet",
        &format!("EM-{cohort}-2"),
        cohort,
        None,
    );
    diesel::update(sealed_documents::table.find(old))
        .set(sealed_documents::superseded_by.eq(new))
        .execute(conn)
        .unwrap();
    let code = format!("CR-{cohort}");
    sealed(conn, "certificat_realisation", &code, cohort, Some(advisor));
    let code = format!("AF-{cohort}");
    sealed(
        conn,
        "attestation_fin_formation",
        &code,
        cohort,
        Some(advisor),
    );
    Evidence {
        half_day: hd.id,
        files: [sheet, proof],
    }
}

fn rows_of(conn: &mut DbConn, half_day: i64, cohort: i64) -> (i64, i64, i64) {
    let signed = attendance_signatures::table
        .filter(attendance_signatures::half_day_id.eq(half_day))
        .count()
        .get_result(conn)
        .unwrap();
    let justified = absence_justifications::table
        .filter(absence_justifications::half_day_id.eq(half_day))
        .count()
        .get_result(conn)
        .unwrap();
    let documents = sealed_documents::table
        .filter(sealed_documents::cohort_id.eq(cohort))
        .count()
        .get_result(conn)
        .unwrap();
    (signed, justified, documents)
}

/// A cohort of La Fabrik from `starts_on` to `ends_on` (ESF or not) with one training day on
/// its first day and the whole evidence of it.
async fn ended_cohort(
    app: &TestApp,
    staff: &str,
    (starts_on, ends_on): (&str, &str),
    esf: bool,
    advisor: i64,
) -> (i64, Evidence) {
    let id = cohort(app, staff, 3, starts_on, ends_on, 12).await;
    if esf {
        let path = format!("/api/v1/cohorts/{id}");
        app.patch_ok(staff, &path, json!({"esf_cofunded": true}))
            .await;
    }
    let day = training_days(app, staff, id, &[starts_on]).await[0];
    (id, app.with_conn(|c| add_evidence(c, id, day, advisor)))
}

#[tokio::test]
async fn expired_evidence_is_listed_then_removed_and_audited_the_rest_is_kept() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    // Today is 2 March 2026: ended 7 years ago, 4 years ago, 2 years ago, and 7 years ago co-funded by the ESF.
    let (old, old_ev) =
        ended_cohort(&app, &staff, ("2019-02-04", "2019-02-28"), false, advisor).await;
    let (mid, mid_ev) =
        ended_cohort(&app, &staff, ("2022-02-07", "2022-02-25"), false, advisor).await;
    let (young, young_ev) =
        ended_cohort(&app, &staff, ("2024-02-05", "2024-02-23"), false, advisor).await;
    let (esf, esf_ev) =
        ended_cohort(&app, &staff, ("2019-02-04", "2019-02-28"), true, advisor).await;
    let ctx = app.ctx();

    let plan = app.with_conn(|c| retention::plan(c, &Principal::system(), ctx).unwrap());
    let listed: Vec<i64> = plan.iter().map(|p| p.cohort_id).collect();
    assert_eq!(listed, vec![old, mid], "{plan:?}");
    let o = &plan[0].counts;
    assert_eq!(
        (
            o.signatures,
            o.corrections,
            o.justifications,
            o.files,
            o.signing_steps
        ),
        (1, 1, 1, 2, 1)
    );
    assert_eq!((o.scanned_sheets, o.attendance_sheets), (1, 2));
    assert_eq!(
        (o.certificats_realisation, o.attestations_fin_formation),
        (1, 1)
    );
    assert_eq!(plan[0].rule_text, "preuves 6 ans, certificats 3 ans");
    assert_eq!(
        plan[0].ended_on,
        NaiveDate::from_ymd_opt(2019, 2, 28).unwrap()
    );
    // Four years on, only the certificates have expired.
    let m = &plan[1].counts;
    assert!(!plan[1].evidence_expired && plan[1].certificates_expired);
    assert_eq!(
        (m.signatures, m.attendance_sheets, m.certificats_realisation),
        (0, 0, 1)
    );
    // The dry run touched nothing.
    app.with_conn(|c| assert_eq!(rows_of(c, old_ev.half_day, old), (1, 1, 4)));

    let purged = app.with_conn(|c| retention::purge(c, &Principal::system(), ctx).unwrap());
    assert_eq!(purged, plan, "what went is what was listed");
    app.with_conn(|c| {
        assert_eq!(rows_of(c, old_ev.half_day, old), (0, 0, 0));
        let left: i64 = stored_files::table
            .filter(stored_files::id.eq_any(old_ev.files))
            .count()
            .get_result(c)
            .unwrap();
        assert_eq!(left, 0, "the proof and the scanned sheet are gone");
        // The half-day itself stays, without its scanned sheet.
        let sheet: Option<i64> = attendance_half_days::table
            .find(old_ev.half_day)
            .select(attendance_half_days::scanned_sheet_id)
            .first(c)
            .unwrap();
        assert_eq!(sheet, None);
        // Four years on: the evidence and the sealed sheets stay, the certificates went.
        assert_eq!(rows_of(c, mid_ev.half_day, mid), (1, 1, 2));
        assert_eq!(rows_of(c, young_ev.half_day, young), (1, 1, 4));
        assert_eq!(
            rows_of(c, esf_ev.half_day, esf),
            (1, 1, 4),
            "ESF: ten years"
        );
        let kept: i64 = stored_files::table
            .filter(stored_files::id.eq_any(esf_ev.files))
            .count()
            .get_result(c)
            .unwrap();
        assert_eq!(kept, 2);
        let entries: Vec<(String, Option<String>, Option<String>)> = audit_log::table
            .filter(audit_log::action.eq("retention.purge"))
            .order(audit_log::id)
            .select((
                audit_log::entity_id,
                audit_log::after_json,
                audit_log::reason,
            ))
            .load(c)
            .unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0, old.to_string());
        let after: serde_json::Value =
            serde_json::from_str(entries[0].1.as_deref().unwrap()).unwrap();
        assert_eq!(after["removed"]["signatures"], 1);
        assert_eq!(after["removed"]["files"], 2);
        assert_eq!(after["rule"], "standard");
        assert_eq!(after["rule_text"], "preuves 6 ans, certificats 3 ans");
        assert_eq!(
            entries[0].2.as_deref(),
            Some("Durée de conservation échue.")
        );
    });
    // Nothing left to remove: a second run removes and audits nothing.
    let again = app.with_conn(|c| retention::purge(c, &Principal::system(), ctx).unwrap());
    assert!(again.is_empty(), "{again:?}");
    // Eleven years on, the ESF action's proof goes too.
    app.at("2030-03-02T09:00:00Z");
    let later = app.with_conn(|c| retention::plan(c, &Principal::system(), app.ctx()).unwrap());
    assert!(
        later
            .iter()
            .any(|p| p.cohort_id == esf && p.counts.signatures == 1)
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn only_admins_run_the_retention() {
    let app = TestApp::spawn().await;
    let mut staff = Principal::system();
    staff.user_id = 1;
    staff.memberships = vec![parcours::auth::principal::Membership {
        organisation_id: Some(app.org("la-fabrik")),
        role: parcours::domain::roles::Role::Staff,
    }];
    let ctx = app.ctx();
    let refused = app
        .with_conn(|c| retention::purge(c, &staff, ctx))
        .unwrap_err();
    assert!(
        refused.to_string().contains("réservée aux administrateurs"),
        "{refused}"
    );
}
