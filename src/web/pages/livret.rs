//! The livret on « Mon parcours » (a section of the advisor's page, with the form recording the
//! DREETS livret number for staff), the « CCP à repasser » list with its CSV, and the admin page
//! of the correspondence table between title versions.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::services::correspondences::{self, CorrespondenceInput};
use crate::services::livret::{self, LivretNumberInput};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Adds the advisor's livret to the page's context (`livret`, `may_record_livret`).
pub async fn insert(
    state: &AppState,
    page: &PageCtx,
    advisor_id: i64,
    context: &mut tera::Context,
) -> Result<(), AppError> {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let view = state
        .db
        .run(move |conn| livret::livret(conn, &principal, ctx, advisor_id))
        .await?;
    let p = page.principal();
    context.insert("livret", &view);
    context.insert(
        "may_record_livret",
        &(p.is_admin() || p.has_role(Role::Staff)),
    );
    Ok(())
}

/// `POST /advisors/{id}/livrets/{title_id}`: records the DREETS livret number.
pub async fn set_number(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, title_id)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = LivretNumberInput {
        number: get(&form, "number"),
        issued_on: get(&form, "issued_on"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| livret::set_number(conn, &principal, ctx, (id, title_id), &input))
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/advisors/{id}#h-livret"),
            "Numéro de livret enregistré.",
        )),
        Err(AppError::Validation(errors)) => Err(PageError(AppError::BadRequest(
            errors
                .iter()
                .map(|(_, m)| m.to_owned())
                .collect::<Vec<_>>()
                .join(" "),
        ))),
        Err(other) => Err(PageError(other)),
    }
}

/// `GET /ccp-resits`: the « CCP à repasser » list.
pub async fn resits(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let lines = state
        .db
        .run(move |conn| livret::resit_list(conn, &principal, ctx))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "CCP à repasser");
    context.insert("lines", &lines);
    page.render(&state, "livret/resits.html", context)
}

/// `GET /ccp-resits/export.csv`.
pub async fn resits_csv(
    State(state): State<AppState>,
    page: PageCtx,
) -> Result<Response, PageError> {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let bytes = state
        .db
        .run(move |conn| livret::export_csv(conn, &principal, ctx))
        .await?;
    Ok(crate::web::api::livret::csv_download(bytes))
}

async fn render_correspondences(
    state: &AppState,
    page: &PageCtx,
    errors: crate::domain::validation::FieldErrors,
    values: FormData,
) -> PageResult {
    page.principal().require_admin()?;
    let (rows, choices) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                correspondences::list(conn)?,
                crate::services::reference::certifications(conn)?,
            ))
        })
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Correspondances entre versions du titre");
    context.insert("rows", &rows);
    context.insert(
        "certifications",
        &choices
            .into_iter()
            .filter(|c| c.title_version.is_some())
            .collect::<Vec<_>>(),
    );
    context.insert("errors", &errors);
    context.insert("values", &values);
    if errors.is_empty() {
        page.render(state, "livret/correspondences.html", context)
    } else {
        page.render_invalid(state, "livret/correspondences.html", context)
    }
}

/// `GET /admin/correspondences` (admins).
pub async fn correspondences_page(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render_correspondences(
        &state,
        &page,
        crate::domain::validation::FieldErrors::new(),
        FormData::new(),
    )
    .await
}

/// `POST /admin/correspondences`: adds a row.
pub async fn add_correspondence(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = CorrespondenceInput {
        from_certification_id: get(&form, "from_certification_id").and_then(|v| v.parse().ok()),
        to_certification_id: get(&form, "to_certification_id").and_then(|v| v.parse().ok()),
        assumed: Some(form.contains_key("assumed")),
        source: get(&form, "source"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| correspondences::create(conn, &principal, ctx, &input))
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            "/admin/correspondences",
            "Correspondance ajoutée.",
        )),
        Err(AppError::Validation(errors)) => {
            render_correspondences(&state, &page, errors, form).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /admin/correspondences/{id}/delete`.
pub async fn delete_correspondence(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| correspondences::delete(conn, &principal, ctx, id))
        .await?;
    Ok(redirect_with_flash(
        &state,
        "/admin/correspondences",
        "Correspondance retirée ; les CCP déjà obtenus par elle restent acquis.",
    ))
}
