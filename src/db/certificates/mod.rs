//! Certificates with their stored PDF, the facts they are drawn from, and the verification lookups
//! counted for the rate limit. Everything is re-exported here, so callers name
//! `db::certificates::…`.

mod facts;
mod lookups;
mod reads;
mod rows;
mod writes;

pub use facts::{
    AwardFacts, CandidateFacts, award_facts, awards_of, candidate_facts, validated_candidates,
    validated_for_title,
};
pub use lookups::{forget_lookups, lookups_since, record_lookup};
pub use reads::{find, find_by_code, find_for, of_advisor, pdf};
pub use rows::{CertificateRow, Content, Source};
pub use writes::{NewCertificate, code_taken, insert, insert_many, replace_content, revoke};
