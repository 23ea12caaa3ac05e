//! TEMPORARY stub of the signing services' contract (replaced by branch `signing` on merge).
#![allow(missing_docs, clippy::missing_errors_doc, unused_variables)]

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

#[derive(Debug, Clone, Serialize)]
pub struct HalfDayKey { pub cohort_id: i64, pub day_id: i64, pub half: String }
#[derive(Debug, Clone, Default)]
pub struct Client { pub addr: Option<String>, pub user_agent: Option<String> }
#[derive(Debug, Clone, Serialize)]
pub struct BoardLine { pub advisor_id: i64, pub first_name: String, pub last_name: String, pub status: Option<String>, pub signed_at_text: Option<String>, pub method: Option<String>, pub on_site_proof: bool }
#[derive(Debug, Clone, Serialize)]
pub struct TrainerSignature { pub name: String, pub signed_at_text: String }
#[derive(Debug, Clone, Serialize)]
pub struct Board { pub half_day_id: i64, pub cohort_id: i64, pub cohort_name: String, pub day_id: i64, pub day: NaiveDate, pub half: String, pub half_label: String, pub span_text: String, pub opens_at: NaiveDateTime, pub closes_at: NaiveDateTime, pub open_now: bool, pub remote: bool, pub self_sign_on_site: bool, pub paper: bool, pub closed_at_text: Option<String>, pub trainees: Vec<BoardLine>, pub trainers: Vec<TrainerSignature>, pub may_close: bool, pub may_show_qr: bool }
#[derive(Debug, Clone, Serialize)]
pub struct Signable { pub half_day_id: i64, pub cohort_id: i64, pub day_id: i64, pub half: String, pub cohort_name: String, pub span_text: String, pub remote: bool, pub self_sign_allowed: bool, pub signed: bool }
#[derive(Debug, Clone, Serialize)]
pub struct Signed { pub half_day_id: i64, pub signed_at_text: String, pub method: String, pub already: bool, pub without_on_site_proof: bool }
#[derive(Debug, Clone, Serialize)]
pub struct QrToken { pub token: String, pub url: String, pub valid_until: NaiveDateTime, pub refresh_in_seconds: i64 }
#[derive(Debug, Clone, Serialize)]
pub struct StepView { pub half_day_id: i64, pub cohort_name: String, pub span_text: String, pub signed: bool }
#[derive(Debug, Clone, Serialize)]
pub struct Closed { pub board: Board, pub absent: Vec<i64> }
#[derive(Debug, Clone, Serialize)]
pub struct Corrected { pub board: Board, pub corrected_day: i64 }
#[derive(Debug, Clone, Serialize)]
pub struct TrainerHalfDay { pub key: HalfDayKey, pub cohort_name: String, pub span_text: String, pub closed: bool, pub signed: i64, pub enrolled: i64 }

pub fn board(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey) -> AppResult<Board> { Err(AppError::NotFound) }
pub fn signable_now(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<Signable>> { Ok(Vec::new()) }
pub fn sign_self(conn: &mut DbConn, actor: &Principal, ctx: Ctx, half_day_id: i64, client: &Client) -> AppResult<Signed> { Err(AppError::NotFound) }
pub fn qr_token(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey, base_url: &str) -> AppResult<QrToken> { Err(AppError::NotFound) }
pub fn start_step(conn: &mut DbConn, actor: Option<&Principal>, ctx: Ctx, token: &str) -> AppResult<String> { Err(AppError::NotFound) }
pub fn step(conn: &mut DbConn, actor: &Principal, ctx: Ctx, secret: &str) -> AppResult<StepView> { Err(AppError::NotFound) }
pub fn sign_step(conn: &mut DbConn, actor: &Principal, ctx: Ctx, secret: &str, client: &Client) -> AppResult<Signed> { Err(AppError::NotFound) }
pub fn sign_kiosk(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey, advisor_id: i64, drawn_path: &str, client: &Client) -> AppResult<Signed> { Err(AppError::NotFound) }
pub fn set_self_sign(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey, allowed: bool) -> AppResult<Board> { Err(AppError::NotFound) }
pub fn close(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey, drawn_path: Option<&str>, client: &Client) -> AppResult<Closed> { Err(AppError::NotFound) }
pub fn correct(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey, advisor_id: i64, status: &str, reason: &str) -> AppResult<Corrected> { Err(AppError::NotFound) }
pub fn trainer_today(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<TrainerHalfDay>> { Ok(Vec::new()) }
