//! The procès-verbal's test world: a remote CCP1 session of La Fabrik under an agrément, its jury,
//! three candidates with their remote modality, an incident, the grid and the decisions; and the
//! steps the PV's tests take (signing, downloading, reading a PDF's text).

use serde_json::{Value, json};

use crate::agrements::agrement;
use crate::support::{
    TestApp, add_juror, advisor_body, cohort, confirm, convoke, enrol_joined, epreuve_of,
    exam_session, examiner, record_result,
};

/// A remote CCP1 session of La Fabrik on 10 March 2026 under agrément ARA-2025, CERES
/// 2026-ARA-0042, two jurors, three candidates (Éloïse from home, Léa on site, Léo by VAE from a
/// site), an incident and the results recorded by juror A.
pub struct PvWorld {
    /// A platform admin's token.
    pub admin: String,
    /// La Fabrik's staff token.
    pub staff: String,
    /// Juror A's token (records the results).
    pub a: String,
    /// Juror B's token (confirms them).
    pub b: String,
    /// The session.
    pub session: i64,
    /// Éloïse, Léa, Léo.
    pub advisors: Vec<i64>,
}

/// The motivation of Éloïse's decision.
pub const ELOISE_REASONS: &str = "Posture d'accompagnement maîtrisée";
/// The motivation of Léa's decision.
pub const LEA_REASONS: &str = "Mise en situation incomplète";

/// Builds the world up to the incident's time (9:30 UTC), no result yet.
pub async fn world(app: &TestApp) -> PvWorld {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let a = examiner(app, &admin, "exa@example.org").await;
    let b = examiner(app, &admin, "exb@example.org").await;
    let course = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let agrement = agrement(
        app,
        &staff,
        ("ARA-2025", "2025"),
        "2026-01-01",
        "2030-12-31",
    )
    .await;
    let session = exam_session(
        app,
        &staff,
        json!({"certification": "CCP1", "starts_at": "2026-03-10T09:00:00+01:00",
               "ends_at": "2026-03-10T12:00:00+01:00", "remote": true, "capacity": 10,
               "agrement_id": agrement["id"], "ceres_number": "2026-ARA-0042"}),
    )
    .await;
    for user in [a.id, b.id] {
        add_juror(app, &staff, session, user).await;
    }
    let mut advisors = Vec::new();
    for (first, last, email, route, modality) in [
        (
            "Éloïse",
            "Ménard",
            "eloise@example.org",
            "training",
            "video_home",
        ),
        ("Léa", "Martin", "lea@example.org", "training", "on_site"),
        ("Léo", "Durand", "leo@example.org", "vae", "video_site"),
    ] {
        let mut body = advisor_body(email);
        body["first_name"] = json!(first);
        body["last_name"] = json!(last);
        let advisor = app.advisor(&staff, body).await;
        if route == "training" {
            enrol_joined(app, &staff, course, advisor, "2026-01-05").await;
        }
        let candidate = convoke(app, &staff, session, advisor, route).await;
        let path = format!(
            "/api/v1/exam-sessions/{session}/candidates/{}/remote-modality",
            candidate["id"]
        );
        app.put_ok(&staff, &path, json!({ "modality": modality }))
            .await;
        advisors.push(advisor);
    }
    app.run_jobs().await;
    app.at("2026-03-10T09:30:00Z");
    PvWorld {
        admin,
        staff,
        a: a.token,
        b: b.token,
        session,
        advisors,
    }
}

impl PvWorld {
    /// Juror A records an incident at 9:20 (Paris) concerning Éloïse, her grid, and the
    /// decisions of Éloïse and Léa (not Léo's yet).
    pub async fn deliberate(&self, app: &TestApp) {
        let candidates = app
            .get_json(
                &self.staff,
                &format!("/api/v1/exam-sessions/{}", self.session),
            )
            .await;
        assert_eq!(candidates["candidates"], 3);
        let incident = json!({"category": "technical",
            "description": "Coupure de la visioconférence pendant 10 minutes",
            "occurred_at": "2026-03-10T08:20:00Z",
            "candidate_ids": [self.candidate_id(app, self.advisors[0])]});
        app.created(
            &self.a,
            &format!("/api/v1/exam-sessions/{}/incidents", self.session),
            incident,
        )
        .await;
        app.at("2026-03-10T10:30:00Z");
        let grid = app
            .get_json(
                &self.a,
                &format!("/api/v1/exam-sessions/{}/grid", self.session),
            )
            .await;
        let eloise = self.advisors[0];
        let msp = epreuve_of(&grid, eloise, "mise_en_situation");
        let competences = grid["candidates"][0]["competences"].as_array().unwrap();
        let marks: Vec<Value> = competences
            .iter()
            .enumerate()
            .map(|(i, k)| json!({"competence_id": k["competence_id"], "acquired": i != 1}))
            .collect();
        let body = json!({"observations": [{"epreuve_id": msp,
            "observation": "Animation claire, publics bien identifiés."}], "competences": marks});
        app.put_ok(
            &self.a,
            &format!("/api/v1/exam-sessions/{}/grid/{eloise}", self.session),
            body,
        )
        .await;
        let outcomes = [
            json!({"outcome": "validated", "reasons": ELOISE_REASONS}),
            json!({"outcome": "not_validated", "reasons": LEA_REASONS}),
        ];
        for (advisor, outcome) in self.advisors.iter().zip(outcomes) {
            record_result(app, &self.a, self.session, *advisor, outcome).await;
        }
    }

    /// The registration of `advisor` in the session.
    pub fn candidate_id(&self, app: &TestApp, advisor: i64) -> i64 {
        app.with_conn(|c| {
            parcours::db::exams::candidates(c, self.session)
                .unwrap()
                .into_iter()
                .find(|x| x.advisor_id == advisor)
                .unwrap()
                .id
        })
    }

    /// The API path `tail` under the session.
    pub fn path(&self, tail: &str) -> String {
        format!("/api/v1/exam-sessions/{}/{tail}", self.session)
    }

    /// Signs the PV as `token` with `body`.
    pub async fn sign(&self, app: &TestApp, token: &str, body: Value) -> reqwest::Response {
        app.post(token, &self.path("proces-verbal/signatures"), body)
            .await
    }

    /// Léo's decision, then juror B confirms.
    pub async fn complete(&self, app: &TestApp) {
        record_result(
            app,
            &self.a,
            self.session,
            self.advisors[2],
            json!({"outcome": "validated", "reasons": "Dossier VAE convaincant"}),
        )
        .await;
        confirm(app, &self.b, self.session).await;
    }

    /// Both jurors sign: A by « Je certifie », B with a drawing.
    pub async fn both_sign(&self, app: &TestApp) -> Value {
        let first = self.sign(app, &self.a, json!({"certify": true})).await;
        assert_eq!(first.status(), 200);
        let drawn = json!({"drawn": "M 10 10 L 50 40 L 90 20 L 140 60"});
        let second = self.sign(app, &self.b, drawn).await;
        assert_eq!(second.status(), 200);
        second.json().await.unwrap()
    }

    /// Downloads the PDF at `tail` as `token` (it must answer 200).
    pub async fn pdf(&self, app: &TestApp, token: &str, tail: &str) -> Vec<u8> {
        let response = app.get(token, &self.path(tail)).await;
        assert_eq!(response.status(), 200, "{tail}");
        response.bytes().await.unwrap().to_vec()
    }
}

/// A PDF's text, every page, whitespace collapsed.
pub fn text_of(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = (1..=u32::try_from(doc.get_pages().len()).unwrap()).collect();
    let text = doc.extract_text(&pages).unwrap().replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
