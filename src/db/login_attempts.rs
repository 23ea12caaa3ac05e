//! Login attempts, counted for the failed-login throttle (in the database, so that the count holds
//! across app instances).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::login_attempts;

/// Records an attempt.
pub fn record(
    conn: &mut DbConn,
    email: &str,
    ip: &str,
    at: NaiveDateTime,
    succeeded: bool,
) -> QueryResult<usize> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::ip.eq(ip),
            login_attempts::attempted_at.eq(at),
            login_attempts::succeeded.eq(succeeded),
        ))
        .execute(conn)
}

/// Records an attempt before its password is checked, as a failure until [`mark_succeeded`]
/// says otherwise, so that attempts running at the same time count each other; returns its id.
/// The statement commits on its own (the caller holds no transaction), which is what makes the
/// count that follows see every attempt recorded before it, on any instance.
pub fn record_pending(
    conn: &mut DbConn,
    email: &str,
    ip: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::ip.eq(ip),
            login_attempts::attempted_at.eq(at),
            login_attempts::succeeded.eq(false),
        ))
        .returning(login_attempts::id)
        .get_result(conn)
}

/// Marks a recorded attempt as having succeeded.
pub fn mark_succeeded(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(login_attempts::table.find(id))
        .set(login_attempts::succeeded.eq(true))
        .execute(conn)
}

/// Forgets a recorded attempt that was refused before its password was checked.
pub fn forget(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.find(id)).execute(conn)
}

/// Failed attempts for `email` since `since`.
pub fn failures_for_email(
    conn: &mut DbConn,
    email: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::attempted_at.gt(since))
        .filter(login_attempts::succeeded.eq(false))
        .count()
        .get_result(conn)
}

/// Failed attempts from `ip` since `since`.
pub fn failures_for_ip(conn: &mut DbConn, ip: &str, since: NaiveDateTime) -> QueryResult<i64> {
    login_attempts::table
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::attempted_at.gt(since))
        .filter(login_attempts::succeeded.eq(false))
        .count()
        .get_result(conn)
}

/// Forgets an account's failures after a successful login.
pub fn clear_failures(conn: &mut DbConn, email: &str) -> QueryResult<usize> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::email.eq(email))
            .filter(login_attempts::succeeded.eq(false)),
    )
    .execute(conn)
}
