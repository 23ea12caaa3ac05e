//! French HTML pages rendered with tera. Each handler extracts, calls one service and renders;
//! forms re-render with what was typed and a message beside each field.

pub mod absences;
pub mod accommodations;
pub mod account;
pub mod address;
pub mod admin;
pub mod advisor_path;
pub mod advisors;
pub mod agrements;
pub mod certificates;
pub mod cohort_copy;
pub mod cohorts;
pub mod dashboards;
pub mod epreuves;
pub mod exams;
pub mod forms;
pub mod home;
pub mod imports;
pub mod legal;
pub mod livret;
pub mod login;
pub mod module_sessions;
pub mod modules;
pub mod organisations;
pub mod password;
pub mod progress;
pub mod realisation;
pub mod scheduling;
pub mod sealed;
pub mod signing;
pub mod training;
pub mod validity;
pub mod verify;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::cookies;
use super::extract::{PageUser, login_redirect};
use super::middleware::page_error;
use crate::auth::Principal;
use crate::error::AppError;
use crate::services::abilities;
use crate::state::AppState;

/// An error on a page: the login page when signed out, an error page otherwise.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        match self.0 {
            AppError::Unauthenticated => login_redirect("/"),
            other => page_error(other.status(), &other.title()),
        }
    }
}

/// What page handlers return.
pub type PageResult = Result<Response, PageError>;

/// A navigation entry.
#[derive(Debug, Serialize)]
struct NavItem {
    href: String,
    label: &'static str,
}

/// The links a user may follow, by the flags of [`abilities::of`].
fn navigation(principal: &Principal) -> Vec<NavItem> {
    let may = abilities::of(principal);
    let mut nav = vec![NavItem {
        href: "/".to_owned(),
        label: "Accueil",
    }];
    if may.organisation_menus {
        nav.push(NavItem {
            href: "/advisors".to_owned(),
            label: "Conseillers",
        });
        nav.push(NavItem {
            href: "/cohorts".to_owned(),
            label: "Sessions de formation",
        });
        nav.push(NavItem {
            href: "/progress".to_owned(),
            label: "Échéances",
        });
    }
    if may.exams {
        nav.push(NavItem {
            href: "/exam-sessions".to_owned(),
            label: "Examens",
        });
    } else if may.own_exams {
        nav.push(NavItem {
            href: "/exam-sessions".to_owned(),
            label: "Mes examens",
        });
    }
    if may.resit_list {
        nav.push(NavItem {
            href: "/ccp-resits".to_owned(),
            label: "CCP à repasser",
        });
    }
    if let Some(id) = may.own_path {
        nav.push(NavItem {
            href: format!("/advisors/{id}"),
            label: "Mon parcours",
        });
    }
    if may.sign_own_presence {
        nav.push(NavItem {
            href: "/sign".to_owned(),
            label: "Signer ma présence",
        });
    }
    nav.push(NavItem {
        href: "/modules".to_owned(),
        label: "Modules thématiques",
    });
    nav.push(NavItem {
        href: "/module-sessions".to_owned(),
        label: "Sessions de modules",
    });
    nav.push(NavItem {
        href: "/organisations".to_owned(),
        label: "Organismes",
    });
    if may.jobs {
        nav.push(NavItem {
            href: "/admin/jobs".to_owned(),
            label: "Tâches",
        });
        nav.push(NavItem {
            href: "/admin/epreuves".to_owned(),
            label: "Épreuves",
        });
        nav.push(NavItem {
            href: "/admin/correspondences".to_owned(),
            label: "Correspondances de titres",
        });
    }
    nav
}

/// What the layout (`base.html`) shows of the signed-in user: name, role in their words,
/// organisation, navigation, CSRF token, form of address and the current path.
pub fn layout_context(user: &PageUser, path: &str, context: &mut tera::Context) {
    let principal = &user.principal;
    context.insert("me_name", &principal.name);
    context.insert(
        "me_role",
        &principal
            .primary_role()
            .map_or("", |r| user.address.role_label(r)),
    );
    context.insert("me_address", user.address.as_str());
    context.insert("me_organisation", &user.organisation_name);
    context.insert("nav", &navigation(principal));
    context.insert("csrf_token", &user.csrf_token);
    context.insert("current_path", path);
}

/// A signed-in page request: the user, the flash message, the path.
pub struct PageCtx {
    /// The user.
    pub user: PageUser,
    flash: Option<String>,
    path: String,
    /// The page a form's « Annuler » leads back to: this page on GET, the page the form was on
    /// (its same-origin `Referer`) when a POST re-renders it.
    back_path: String,
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let user = PageUser::from_request_parts(parts, state).await?;
        Ok(Self {
            user,
            flash: cookies::get(&parts.headers, cookies::FLASH)
                .map(|v| cookies::decode_flash(&v))
                .filter(|v| !v.is_empty()),
            path: parts.uri.path().to_owned(),
            back_path: if parts.method == axum::http::Method::GET {
                parts
                    .uri
                    .path_and_query()
                    .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned())
            } else {
                super::form_replay::referer_path(&parts.headers).unwrap_or_else(|| "/".to_owned())
            },
        })
    }
}

impl PageCtx {
    /// The principal.
    pub fn principal(&self) -> &Principal {
        &self.user.principal
    }

    /// Renders `template` inside the layout, with the user, navigation, CSRF token and flash.
    pub fn render(
        &self,
        state: &AppState,
        template: &str,
        mut context: tera::Context,
    ) -> PageResult {
        layout_context(&self.user, &self.path, &mut context);
        context.insert("flash", &self.flash);
        context.insert("back_path", &self.back_path);
        let html = state
            .templates
            .render(template, &context)
            .map_err(|e| AppError::Internal(format!("template {template}: {e:?}")))?;
        let mut response = Html(super::form_labels::name_fields_in_summary(html)).into_response();
        if self.flash.is_some()
            && let Ok(value) = HeaderValue::from_str(&cookies::clear(
                cookies::FLASH,
                state.config.secure_cookies(),
            ))
        {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        Ok(response)
    }

    /// Renders a form again with the refused values and the messages, status 422.
    pub fn render_invalid(
        &self,
        state: &AppState,
        template: &str,
        context: tera::Context,
    ) -> PageResult {
        let mut response = self.render(state, template, context)?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        response
            .extensions_mut()
            .insert(super::form_replay::RefusedForm);
        Ok(response)
    }
}

/// Redirects after a successful form, with a message for the next page.
pub fn redirect_with_flash(state: &AppState, to: &str, message: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookies::set(
        cookies::FLASH,
        &cookies::encode_flash(message),
        Some(60),
        state.config.secure_cookies(),
    )) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Page links for a list: `pages` of `{number, href, current}` keeping the other query values.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// Current page.
    pub page: i64,
    /// Number of pages.
    pub page_count: i64,
    /// Rows in the list.
    pub total: i64,
    /// Link to the previous page.
    pub previous: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

impl Pager {
    /// Builds the links from the current query (without `page`).
    pub fn new(base: &str, query: &[(&str, String)], page: i64, per_page: i64, total: i64) -> Self {
        let page_count = ((total + per_page - 1) / per_page).max(1);
        let link = |p: i64| {
            let mut pairs: Vec<(&str, String)> = query
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .cloned()
                .collect();
            pairs.push(("page", p.to_string()));
            format!(
                "{base}?{}",
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            )
        };
        Self {
            page,
            page_count,
            total,
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < page_count).then(|| link(page + 1)),
        }
    }
}
