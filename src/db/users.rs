//! Users, their memberships, and who coordinates whom.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{memberships, organisation_coordinations, users};

/// A row of `users`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Lower-cased e-mail, unique.
    pub email: String,
    /// Display name.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Linked advisor record.
    pub advisor_id: Option<i64>,
    /// Deactivated users cannot log in.
    pub active: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// `madame`, `monsieur` or `neutral` (see `domain::address`).
    pub form_of_address: String,
}

/// A new user.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Lower-cased e-mail.
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// Linked advisor record.
    pub advisor_id: Option<i64>,
    /// Active.
    pub active: bool,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// A row of `memberships`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct MembershipRow {
    /// Id.
    pub id: i64,
    /// The user.
    pub user_id: i64,
    /// The organisation (none for admins and advisors).
    pub organisation_id: Option<i64>,
    /// Stored role name.
    pub role: String,
    /// Created.
    pub created_at: NaiveDateTime,
}

/// Finds a user by (lower-cased) e-mail.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Finds a user by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<UserRow> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
}

/// Inserts a user; returns the id.
pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(users::id)
        .get_result(conn)
}

/// Replaces a user's password hash.
pub fn set_password(
    conn: &mut DbConn,
    id: i64,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Adds a membership; returns its id.
pub fn add_membership(
    conn: &mut DbConn,
    user_id: i64,
    organisation_id: Option<i64>,
    role: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(memberships::table)
        .values((
            memberships::user_id.eq(user_id),
            memberships::organisation_id.eq(organisation_id),
            memberships::role.eq(role),
            memberships::created_at.eq(now),
        ))
        .returning(memberships::id)
        .get_result(conn)
}

/// A user's memberships, oldest first.
pub fn memberships_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<MembershipRow>> {
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .order(memberships::id)
        .select(MembershipRow::as_select())
        .load(conn)
}

/// Organisations coordinated by any of `coordinators`.
pub fn coordinated_by(conn: &mut DbConn, coordinators: &[i64]) -> QueryResult<Vec<i64>> {
    if coordinators.is_empty() {
        return Ok(Vec::new());
    }
    organisation_coordinations::table
        .filter(organisation_coordinations::coordinator_id.eq_any(coordinators))
        .select(organisation_coordinations::organisation_id)
        .distinct()
        .load(conn)
}

/// The user account linked to an advisor record, if any.
pub fn find_by_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::advisor_id.eq(advisor_id))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Users holding `role` anywhere, by name: `(id, name)`.
pub fn with_role(conn: &mut DbConn, role: &str) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::active.eq(true))
        .filter(
            users::id.eq_any(
                memberships::table
                    .filter(memberships::role.eq(role))
                    .select(memberships::user_id),
            ),
        )
        .order(users::name)
        .select((users::id, users::name))
        .load(conn)
}

/// Active users holding `role` in `organisation_id`, by name: `(id, name)`.
pub fn with_role_in(
    conn: &mut DbConn,
    role: &str,
    organisation_id: i64,
) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::active.eq(true))
        .filter(
            users::id.eq_any(
                memberships::table
                    .filter(memberships::role.eq(role))
                    .filter(memberships::organisation_id.eq(organisation_id))
                    .select(memberships::user_id),
            ),
        )
        .order((users::name, users::id))
        .select((users::id, users::name))
        .load(conn)
}

/// Records how a user wishes to be addressed.
pub fn set_form_of_address(
    conn: &mut DbConn,
    id: i64,
    form_of_address: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::form_of_address.eq(form_of_address),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The form of address of the account of `advisor_id` (`None` without an account).
pub fn form_of_address_of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Option<String>> {
    users::table
        .filter(users::advisor_id.eq(advisor_id))
        .select(users::form_of_address)
        .first(conn)
        .optional()
}

/// Activates or deactivates an account; returns how many rows changed.
pub fn set_active(
    conn: &mut DbConn,
    id: i64,
    active: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::active.eq(active), users::updated_at.eq(now)))
        .execute(conn)
}

/// An active user of `organisation_id` holding `role` (any role when none), by id:
/// `(name, email)`; `None` when the user is inactive or holds no such membership (the
/// recipient of an organisation's notice).
pub fn member_contact(
    conn: &mut DbConn,
    user_id: i64,
    role: Option<&str>,
    organisation_id: i64,
) -> QueryResult<Option<(String, String)>> {
    let roles: Vec<String> = memberships::table
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::user_id.eq(user_id))
        .select(memberships::role)
        .load(conn)?;
    if !roles.iter().any(|r| role.is_none_or(|wanted| r == wanted)) {
        return Ok(None);
    }
    users::table
        .filter(users::id.eq(user_id))
        .filter(users::active.eq(true))
        .select((users::name, users::email))
        .first(conn)
        .optional()
}
