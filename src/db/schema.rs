//! Diesel table definitions, shared by SQLite and PostgreSQL.
//!
//! Written by hand to match `migrations/sqlite` and `migrations/postgres`; only the types both
//! backends share appear here (see STACK.md). The migration tests fail when the two drift apart.

diesel::table! {
    territories (code) {
        code -> Text,
        name -> Text,
        timezone -> Text,
        overseas -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        kind -> Text,
        territory_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_roles (organisation_id, role) {
        organisation_id -> BigInt,
        role -> Text,
    }
}

diesel::table! {
    organisation_territories (organisation_id, territory_code) {
        organisation_id -> BigInt,
        territory_code -> Text,
    }
}

diesel::table! {
    organisation_coordinations (coordinator_id, organisation_id) {
        coordinator_id -> BigInt,
        organisation_id -> BigInt,
    }
}

diesel::table! {
    titles (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        version -> Text,
        valid_from -> Date,
        valid_until -> Nullable<Date>,
    }
}

diesel::table! {
    certifications (id) {
        id -> BigInt,
        title_id -> Nullable<BigInt>,
        code -> Text,
        name -> Text,
        position -> Integer,
    }
}

diesel::table! {
    positioning_scales (id) {
        id -> BigInt,
        name -> Text,
        score_min -> Integer,
        score_max -> Integer,
        is_default -> Bool,
    }
}

diesel::table! {
    tracks (id) {
        id -> BigInt,
        name -> Text,
        hours -> Integer,
        scale_id -> Nullable<BigInt>,
        score_min -> Nullable<Integer>,
        score_max -> Nullable<Integer>,
        active -> Bool,
    }
}

diesel::table! {
    advisors (id) {
        id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        birth_date -> Date,
        territory_code -> Text,
        timezone -> Text,
        organisation_id -> Nullable<BigInt>,
        host_structure_id -> Nullable<BigInt>,
        hired_on -> Date,
        retired -> Bool,
        civic_service -> Bool,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        module_exempt -> Bool,
        training_entry_date -> Nullable<Date>,
        module_deadline -> Nullable<Date>,
        at_risk_from -> Nullable<Timestamp>,
        late_from -> Nullable<Timestamp>,
        modules_completed -> Integer,
        modules_booked -> Integer,
        deadline_order -> Date,
        birth_name -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        advisor_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        form_of_address -> Text,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        user_id -> BigInt,
        organisation_id -> Nullable<BigInt>,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    positioning_tests (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        organisation_id -> Nullable<BigInt>,
        taken_on -> Date,
        score -> Integer,
        scale_id -> BigInt,
        track_id -> BigInt,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cohorts (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
        kind -> Text,
        track_id -> Nullable<BigInt>,
        starts_on -> Date,
        ends_on -> Date,
        territory_code -> Text,
        timezone -> Text,
        venue -> Nullable<Text>,
        remote -> Bool,
        capacity -> Integer,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        esf_cofunded -> Bool,
        lot -> Nullable<Text>,
        marche -> Nullable<Text>,
        video_link -> Nullable<Text>,
    }
}

diesel::table! {
    cohort_trainers (cohort_id, user_id) {
        cohort_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    modules (id) {
        id -> BigInt,
        owner_organisation_id -> BigInt,
        theme -> Text,
        title -> Text,
        description -> Text,
        hours -> Integer,
        active -> Bool,
        example -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// The version of what the deadline dashboard shows (one row, raised by triggers).
    dashboard_versions (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    /// The version of who is behind a session or a token (one row, raised by triggers).
    identity_versions (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    /// The version of what the calendar feeds show (one row, raised by triggers).
    calendar_versions (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        email -> Text,
        ip -> Text,
        attempted_at -> Timestamp,
        succeeded -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    cohort_days (id) {
        id -> BigInt,
        cohort_id -> BigInt,
        day -> Date,
        start_time -> Time,
        end_time -> Time,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        venue -> Nullable<Text>,
        remote -> Bool,
        sequence -> Integer,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cohort_enrolments (id) {
        id -> BigInt,
        cohort_id -> BigInt,
        advisor_id -> BigInt,
        joined_on -> Date,
        training_entry_date -> Date,
        status -> Text,
        funded -> Bool,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    attendance (id) {
        id -> BigInt,
        cohort_day_id -> BigInt,
        advisor_id -> BigInt,
        half_day -> Text,
        status -> Text,
        justification -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    module_sessions (id) {
        id -> BigInt,
        module_id -> BigInt,
        organisation_id -> BigInt,
        territory_code -> Text,
        timezone -> Text,
        venue -> Nullable<Text>,
        remote -> Bool,
        capacity -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        sequence -> Integer,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        video_link -> Nullable<Text>,
    }
}

diesel::table! {
    module_session_days (id) {
        id -> BigInt,
        session_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    module_enrolments (id) {
        id -> BigInt,
        session_id -> BigInt,
        advisor_id -> BigInt,
        status -> Text,
        funded -> Bool,
        attended -> Nullable<Bool>,
        promoted_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        run_after -> Timestamp,
        attempts -> Integer,
        state -> Text,
        last_error -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    habilitations (id) {
        id -> BigInt,
        user_id -> BigInt,
        certification_id -> BigInt,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        granted_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    host_agreements (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        agreed_on -> Date,
        agreed_by -> Text,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    exam_sessions (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        certification_id -> BigInt,
        territory_code -> Text,
        timezone -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        venue -> Nullable<Text>,
        room -> Nullable<Text>,
        remote -> Bool,
        capacity -> Integer,
        confirmed_by -> Nullable<BigInt>,
        confirmed_at -> Nullable<Timestamp>,
        published_by -> Nullable<BigInt>,
        published_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        anti_fraud_measures -> Nullable<Text>,
        agrement_id -> Nullable<BigInt>,
        kind -> Text,
        ceres_number -> Nullable<Text>,
        responsable_user_id -> Nullable<BigInt>,
        video_link -> Nullable<Text>,
    }
}

diesel::table! {
    exam_examiners (session_id, user_id) {
        session_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    exam_candidates (id) {
        id -> BigInt,
        session_id -> BigInt,
        advisor_id -> BigInt,
        route -> Text,
        late_reason -> Nullable<Text>,
        delay_reason -> Nullable<Text>,
        extra_time_percent -> Integer,
        accommodation_notes -> Nullable<Text>,
        registered_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        remote_modality -> Nullable<Text>,
    }
}

diesel::table! {
    exam_results (id) {
        id -> BigInt,
        candidate_id -> BigInt,
        outcome -> Text,
        absence_justified -> Bool,
        reasons -> Nullable<Text>,
        comment_for_candidate -> Nullable<Text>,
        comment_for_organisation -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
        corrected_at -> Nullable<Timestamp>,
        correction_reason -> Nullable<Text>,
    }
}

diesel::table! {
    pix_results (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        taken_on -> Date,
        score -> Integer,
        verification_code -> Text,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    title_awards (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        title_id -> BigInt,
        awarded_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    emails_sent (id) {
        id -> BigInt,
        job_id -> Nullable<BigInt>,
        recipient -> Text,
        subject -> Text,
        transport -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (token) {
        token -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        hashed -> Bool,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    password_reset_requests (id) {
        id -> BigInt,
        email -> Text,
        requested_at -> Timestamp,
    }
}

diesel::table! {
    certificates (id) {
        id -> BigInt,
        code -> Text,
        kind -> Text,
        advisor_id -> BigInt,
        candidate_id -> Nullable<BigInt>,
        title_award_id -> Nullable<BigInt>,
        holder_name -> Text,
        holder_birth_date -> Date,
        certification -> Text,
        certification_code -> Text,
        title_version -> Text,
        result_date -> Date,
        jury_session -> Text,
        issuer -> Text,
        issued_on -> Date,
        pdf -> Binary,
        pdf_sha256 -> Text,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        revoked_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    verification_lookups (id) {
        id -> BigInt,
        address -> Text,
        looked_up_at -> Timestamp,
    }
}

diesel::joinable!(organisations -> territories (territory_code));
diesel::joinable!(habilitations -> certifications (certification_id));
diesel::joinable!(exam_sessions -> certifications (certification_id));
diesel::joinable!(exam_examiners -> exam_sessions (session_id));
diesel::joinable!(exam_examiners -> users (user_id));
diesel::joinable!(exam_candidates -> exam_sessions (session_id));
diesel::joinable!(exam_candidates -> advisors (advisor_id));
diesel::joinable!(exam_results -> exam_candidates (candidate_id));
diesel::joinable!(title_awards -> titles (title_id));
diesel::joinable!(certificates -> advisors (advisor_id));
diesel::joinable!(exam_sessions -> organisations (organisation_id));
diesel::joinable!(title_awards -> advisors (advisor_id));
diesel::joinable!(cohort_days -> cohorts (cohort_id));
diesel::joinable!(cohort_enrolments -> cohorts (cohort_id));
diesel::joinable!(cohort_enrolments -> advisors (advisor_id));
diesel::joinable!(attendance -> cohort_days (cohort_day_id));
diesel::joinable!(attendance -> advisors (advisor_id));
diesel::joinable!(module_sessions -> modules (module_id));
diesel::joinable!(module_session_days -> module_sessions (session_id));
diesel::joinable!(module_enrolments -> module_sessions (session_id));
diesel::joinable!(module_enrolments -> advisors (advisor_id));
diesel::joinable!(organisation_roles -> organisations (organisation_id));
diesel::joinable!(organisation_territories -> organisations (organisation_id));
diesel::joinable!(certifications -> titles (title_id));
diesel::joinable!(tracks -> positioning_scales (scale_id));
diesel::joinable!(advisors -> territories (territory_code));
diesel::joinable!(users -> advisors (advisor_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> organisations (organisation_id));
diesel::joinable!(positioning_tests -> advisors (advisor_id));
diesel::joinable!(positioning_tests -> tracks (track_id));
diesel::joinable!(cohorts -> organisations (organisation_id));
diesel::joinable!(cohorts -> tracks (track_id));
diesel::joinable!(cohort_trainers -> cohorts (cohort_id));
diesel::joinable!(cohort_trainers -> users (user_id));
diesel::joinable!(modules -> organisations (owner_organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));

diesel::table! {
    worker_heartbeats (worker) {
        worker -> Text,
        started_at -> Timestamp,
        beat_at -> Timestamp,
    }
}

diesel::table! {
    organisation_details (organisation_id) {
        organisation_id -> BigInt,
        contact_email -> Nullable<Text>,
        siret -> Nullable<Text>,
        nda -> Nullable<Text>,
        address -> Nullable<Text>,
        signatory_name -> Nullable<Text>,
        signatory_role -> Nullable<Text>,
        signature_png -> Nullable<Binary>,
        public_employer -> Nullable<Bool>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cross_org_enrolments (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        advisor_id -> BigInt,
        target -> Text,
        target_id -> BigInt,
        enrolled_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(organisation_details -> organisations (organisation_id));
diesel::joinable!(cross_org_enrolments -> organisations (organisation_id));

diesel::table! {
    stored_files (id) {
        id -> BigInt,
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        original_name -> Text,
        content -> Binary,
        uploaded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attendance_half_days (id) {
        id -> BigInt,
        day_kind -> Text,
        day_id -> BigInt,
        half_day -> Text,
        self_sign_on_site -> Bool,
        paper -> Bool,
        scanned_sheet_id -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    attendance_signatures (id) {
        id -> BigInt,
        half_day_id -> BigInt,
        signer_role -> Text,
        advisor_id -> Nullable<BigInt>,
        user_id -> Nullable<BigInt>,
        method -> Text,
        on_site_proof -> Bool,
        signed_at -> Timestamp,
        client_addr -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        drawn_svg -> Nullable<Text>,
    }
}

diesel::table! {
    attendance_corrections (id) {
        id -> BigInt,
        half_day_id -> BigInt,
        advisor_id -> BigInt,
        before_status -> Nullable<Text>,
        after_status -> Text,
        reason -> Text,
        corrected_by -> Nullable<BigInt>,
        corrected_at -> Timestamp,
    }
}

diesel::table! {
    absence_justifications (id) {
        id -> BigInt,
        half_day_id -> BigInt,
        advisor_id -> BigInt,
        category -> Text,
        motive -> Nullable<Text>,
        file_id -> BigInt,
        status -> Text,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
    }
}

diesel::table! {
    signing_steps (id) {
        id -> BigInt,
        secret_hash -> Text,
        half_day_id -> BigInt,
        user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        secret_key -> Text,
        public_key -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sealed_documents (id) {
        id -> BigInt,
        kind -> Text,
        code -> Text,
        cohort_id -> Nullable<BigInt>,
        day_kind -> Nullable<Text>,
        day_id -> Nullable<BigInt>,
        advisor_id -> Nullable<BigInt>,
        version -> Integer,
        sha256 -> Text,
        signature -> Text,
        kid -> Text,
        pdf -> Binary,
        created_at -> Timestamp,
        superseded_by -> Nullable<BigInt>,
        module_session_id -> Nullable<BigInt>,
        exam_session_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    cohort_day_trainers (cohort_day_id, user_id) {
        cohort_day_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    exam_incidents (id) {
        id -> BigInt,
        session_id -> BigInt,
        category -> Text,
        description -> Text,
        occurred_at -> Timestamp,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    exam_incident_candidates (incident_id, candidate_id) {
        incident_id -> BigInt,
        candidate_id -> BigInt,
    }
}

diesel::table! {
    epreuves (id) {
        id -> BigInt,
        title_id -> BigInt,
        certification_id -> Nullable<BigInt>,
        kind -> Text,
        label -> Text,
        duration_minutes -> Integer,
        position -> Integer,
        assumed -> Bool,
        source -> Text,
    }
}

diesel::table! {
    competences (id) {
        id -> BigInt,
        certification_id -> BigInt,
        code -> Text,
        label -> Text,
        position -> Integer,
        assumed -> Bool,
        source -> Text,
    }
}

diesel::table! {
    epreuve_slots (id) {
        id -> BigInt,
        candidate_id -> BigInt,
        epreuve_id -> BigInt,
        starts_at -> Timestamp,
        set_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    epreuve_slot_jurors (slot_id, user_id) {
        slot_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    epreuve_observations (id) {
        id -> BigInt,
        candidate_id -> BigInt,
        epreuve_id -> BigInt,
        observation -> Text,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    competence_marks (id) {
        id -> BigInt,
        candidate_id -> BigInt,
        competence_id -> BigInt,
        acquired -> Bool,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    dossier_receipts (candidate_id) {
        candidate_id -> BigInt,
        received_on -> Date,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    module_attendance (id) {
        id -> BigInt,
        module_session_day_id -> BigInt,
        advisor_id -> BigInt,
        half_day -> Text,
        status -> Text,
        justification -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    module_session_trainers (session_id, user_id) {
        session_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    title_correspondences (id) {
        id -> BigInt,
        from_certification_id -> BigInt,
        to_certification_id -> BigInt,
        assumed -> Bool,
        source -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ccp_holdings (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        certification_id -> BigInt,
        obtained_on -> Date,
        route -> Text,
        candidate_id -> Nullable<BigInt>,
        via_certification_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    livrets (id) {
        id -> BigInt,
        advisor_id -> BigInt,
        title_id -> BigInt,
        number -> Text,
        issued_on -> Date,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    disability_referents (organisation_id) {
        organisation_id -> BigInt,
        user_id -> Nullable<BigInt>,
        name -> Nullable<Text>,
        contact -> Nullable<Text>,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    accommodation_requests (id) {
        id -> BigInt,
        candidate_id -> BigInt,
        kinds -> Text,
        requested_percent -> Nullable<Integer>,
        details -> Nullable<Text>,
        health_notes -> Nullable<Text>,
        requested_on -> Date,
        proof_file_id -> Nullable<BigInt>,
        proof_received_on -> Nullable<Date>,
        medical_file_id -> Nullable<BigInt>,
        medical_received_on -> Nullable<Date>,
        sent_to_dreets_on -> Nullable<Date>,
        decision -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        granted_percent -> Nullable<Integer>,
        reprise -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(cohort_day_trainers -> cohort_days (cohort_day_id));
diesel::joinable!(cohort_day_trainers -> users (user_id));
diesel::joinable!(attendance_signatures -> attendance_half_days (half_day_id));
diesel::joinable!(attendance_signatures -> advisors (advisor_id));
diesel::joinable!(attendance_corrections -> attendance_half_days (half_day_id));
diesel::joinable!(absence_justifications -> attendance_half_days (half_day_id));
diesel::joinable!(absence_justifications -> stored_files (file_id));
diesel::joinable!(absence_justifications -> advisors (advisor_id));
diesel::joinable!(signing_steps -> attendance_half_days (half_day_id));
diesel::joinable!(sealed_documents -> cohorts (cohort_id));
diesel::joinable!(sealed_documents -> signing_keys (kid));
diesel::joinable!(ccp_holdings -> advisors (advisor_id));
diesel::joinable!(ccp_holdings -> exam_candidates (candidate_id));
diesel::joinable!(livrets -> titles (title_id));
diesel::joinable!(livrets -> advisors (advisor_id));
diesel::joinable!(disability_referents -> organisations (organisation_id));
diesel::joinable!(disability_referents -> users (user_id));
diesel::joinable!(accommodation_requests -> exam_candidates (candidate_id));
diesel::joinable!(sealed_documents -> module_sessions (module_session_id));
diesel::joinable!(module_attendance -> module_session_days (module_session_day_id));
diesel::joinable!(module_attendance -> advisors (advisor_id));
diesel::joinable!(module_session_trainers -> module_sessions (session_id));
diesel::joinable!(module_session_trainers -> users (user_id));
diesel::joinable!(exam_incidents -> exam_sessions (session_id));
diesel::joinable!(exam_incident_candidates -> exam_incidents (incident_id));
diesel::joinable!(exam_incident_candidates -> exam_candidates (candidate_id));

diesel::joinable!(epreuves -> titles (title_id));
diesel::joinable!(epreuves -> certifications (certification_id));
diesel::joinable!(competences -> certifications (certification_id));
diesel::joinable!(epreuve_slots -> exam_candidates (candidate_id));
diesel::joinable!(epreuve_slots -> epreuves (epreuve_id));
diesel::joinable!(epreuve_slot_jurors -> epreuve_slots (slot_id));
diesel::joinable!(epreuve_slot_jurors -> users (user_id));
diesel::joinable!(epreuve_observations -> exam_candidates (candidate_id));
diesel::joinable!(epreuve_observations -> epreuves (epreuve_id));
diesel::joinable!(competence_marks -> exam_candidates (candidate_id));
diesel::joinable!(competence_marks -> competences (competence_id));
diesel::joinable!(dossier_receipts -> exam_candidates (candidate_id));

diesel::table! {
    agrements (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        title_id -> BigInt,
        number -> Text,
        site_lines -> Text,
        site_postcode -> Text,
        site_city -> Text,
        valid_from -> Date,
        valid_until -> Date,
        dreets_unit -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    exam_session_steps (id) {
        id -> BigInt,
        session_id -> BigInt,
        step -> Text,
        done_on -> Date,
        done_by -> Nullable<BigInt>,
        detail -> Nullable<Text>,
        channel -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(agrements -> organisations (organisation_id));
diesel::joinable!(agrements -> titles (title_id));
diesel::joinable!(exam_sessions -> agrements (agrement_id));
diesel::joinable!(exam_session_steps -> exam_sessions (session_id));

diesel::table! {
    advisor_identities (advisor_id) {
        advisor_id -> BigInt,
        anct_id -> Nullable<Text>,
        sex -> Nullable<Text>,
        birth_commune_code -> Nullable<Text>,
        birth_postcode -> Nullable<Text>,
        birth_commune_name -> Nullable<Text>,
        birth_country_code -> Nullable<Text>,
        birth_place_warning -> Nullable<Text>,
        contract_type -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    geo_lists (kind) {
        kind -> Text,
        source -> Text,
        dated -> Date,
        content -> Binary,
        loaded_at -> Timestamp,
    }
}

diesel::joinable!(advisor_identities -> advisors (advisor_id));

diesel::table! {
    pv_signatures (id) {
        id -> BigInt,
        exam_session_id -> BigInt,
        user_id -> BigInt,
        content_sha256 -> Text,
        method -> Text,
        drawn_svg -> Nullable<Text>,
        signed_at -> Timestamp,
        client_addr -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::joinable!(pv_signatures -> exam_sessions (exam_session_id));
diesel::joinable!(pv_signatures -> users (user_id));

diesel::table! {
    badge_status_lists (id) {
        id -> BigInt,
        purpose -> Text,
        bits -> Binary,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    badge_credentials (certificate_id) {
        certificate_id -> BigInt,
        credential_id -> Text,
        salt -> Text,
        status_list -> BigInt,
        status_index -> BigInt,
        issued_at -> Timestamp,
    }
}

diesel::joinable!(badge_credentials -> certificates (certificate_id));
diesel::joinable!(badge_credentials -> badge_status_lists (status_list));

diesel::table! {
    exam_attendance (id) {
        id -> BigInt,
        exam_session_id -> BigInt,
        advisor_id -> BigInt,
        half_day -> Text,
        status -> Text,
        justification -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(exam_attendance -> exam_sessions (exam_session_id));
diesel::joinable!(exam_attendance -> advisors (advisor_id));

diesel::table! {
    import_uploads (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        target_id -> Nullable<BigInt>,
        sha256 -> Text,
        content -> Binary,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    host_labels (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        year -> Integer,
        valid_from -> Date,
        valid_until -> Date,
        reference -> Text,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    title_prolongations (title_id) {
        title_id -> BigInt,
        prolonged_until -> Date,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    accessibility_audits (id) {
        id -> BigInt,
        audited_on -> Date,
        auditor -> Text,
        rate -> Double,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    deadline_relances (advisor_id) {
        advisor_id -> BigInt,
        last_sent_at -> Timestamp,
        sent_by -> Nullable<BigInt>,
        with_host -> Bool,
    }
}

diesel::joinable!(deadline_relances -> advisors (advisor_id));
diesel::joinable!(host_labels -> organisations (organisation_id));
diesel::joinable!(title_prolongations -> titles (title_id));

diesel::table! {
    form_replays (id) {
        id -> Text,
        user_id -> BigInt,
        path -> Text,
        html -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    form_replays,
    accessibility_audits,
    deadline_relances,
    import_uploads,
    host_labels,
    title_prolongations,
    exam_attendance,
    badge_status_lists,
    badge_credentials,
    advisor_identities,
    geo_lists,
    territories,
    organisations,
    organisation_roles,
    organisation_territories,
    organisation_coordinations,
    titles,
    certifications,
    positioning_scales,
    tracks,
    advisors,
    users,
    memberships,
    positioning_tests,
    cohorts,
    cohort_trainers,
    modules,
    sessions,
    api_tokens,
    login_attempts,
    audit_log,
    cohort_days,
    cohort_enrolments,
    attendance,
    module_sessions,
    module_session_days,
    module_enrolments,
    jobs,
    habilitations,
    host_agreements,
    exam_sessions,
    exam_examiners,
    exam_candidates,
    title_correspondences,
    ccp_holdings,
    livrets,
    disability_referents,
    accommodation_requests,
    exam_results,
    title_awards,
    pix_results,
    emails_sent,
    calendar_feeds,
    module_attendance,
    module_session_trainers,
    certificates,
    verification_lookups,
    password_resets,
    password_reset_requests,
    worker_heartbeats,
    organisation_details,
    cross_org_enrolments,
    stored_files,
    attendance_half_days,
    attendance_signatures,
    attendance_corrections,
    absence_justifications,
    signing_steps,
    signing_keys,
    sealed_documents,
    cohort_day_trainers,
    exam_incidents,
    exam_incident_candidates,
    epreuves,
    competences,
    epreuve_slots,
    epreuve_slot_jurors,
    epreuve_observations,
    competence_marks,
    dossier_receipts,
    agrements,
    exam_session_steps,
    pv_signatures,
);

diesel::allow_tables_to_appear_in_same_query!(identity_versions, dashboard_versions);
