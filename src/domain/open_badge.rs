//! Open Badges 3.0 (1EdTech) as W3C Verifiable Credentials 2.0: the `OpenBadgeCredential` of an
//! attestation, the issuer `Profile`, and the `BitstringStatusListCredential` that publishes
//! revocations, as JSON, from facts the services gather. Pure: signing (VC-JOSE-COSE, a compact
//! JWS whose payload is the credential) is the caller's.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The VC Data Model 2.0 context.
pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// The Open Badges 3.0 context (version 3.0.3).
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The JOSE `typ` of a credential secured as a JWT (VC-JOSE-COSE).
pub const JWT_TYP: &str = "vc+jwt";

/// Its media type, as downloaded.
pub const MEDIA_TYPE: &str = "application/vc+jwt";

/// The public addresses of an instance's badges, under its base URL.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    /// The instance's public base URL.
    pub base: &'a str,
}

impl Urls<'_> {
    fn base(&self) -> &str {
        self.base.trim_end_matches('/')
    }

    /// The issuer profile (public JSON).
    pub fn issuer(&self) -> String {
        format!("{}/open-badges/issuer", self.base())
    }

    /// Status list `list` (a public, signed credential).
    pub fn status_list(&self, list: i64) -> String {
        format!("{}/open-badges/status/{list}", self.base())
    }

    /// The public check of a code: the credential's evidence.
    pub fn verify(&self, code: &str) -> String {
        format!("{}/verify/{code}", self.base())
    }

    /// The achievement: a fragment of the issuer profile, so that its id resolves to a public
    /// document without adding a route.
    pub fn achievement(&self, human_code: &str, version: &str) -> String {
        let slug: String = format!("{human_code}-{version}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{}#achievement-{slug}", self.issuer())
    }
}

/// `sha256$` + the lower-case hex SHA-256 of `email` followed by `salt` (OB 3.0 `IdentityHash`).
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{email}{salt}").as_bytes());
    format!("sha256${}", hex::encode(digest))
}

/// A timestamp as VC dates are written: RFC 3339 in UTC, to the second.
pub fn instant(at: NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A day as the instant it starts, in UTC.
pub fn day(date: NaiveDate) -> String {
    instant(date.and_time(chrono::NaiveTime::MIN))
}

/// `Certificate` for a CCP (certificat de compétences professionnelles), `Certification` for the
/// title: two values of the OB 3.0 `AchievementType` vocabulary.
pub fn achievement_type(is_title: bool) -> &'static str {
    if is_title {
        "Certification"
    } else {
        "Certificate"
    }
}

/// The issuer: the certifying body named on attestations, at the instance's address.
#[derive(Debug, Clone)]
pub struct Issuer<'a> {
    /// Addresses.
    pub urls: Urls<'a>,
    /// The body's name.
    pub name: &'a str,
}

impl Issuer<'_> {
    /// As embedded in a credential (`issuer`).
    pub fn embedded(&self) -> Value {
        json!({
            "id": self.urls.issuer(),
            "type": ["Profile"],
            "name": self.name,
            "url": self.urls.base.trim_end_matches('/'),
        })
    }

    /// The public issuer profile document.
    pub fn profile(&self) -> Value {
        let mut profile = self.embedded();
        profile["@context"] = json!([VC_CONTEXT, OB_CONTEXT]);
        profile["description"] =
            json!("Organisme qui délivre les attestations de réussite des conseillers numériques.");
        profile
    }
}

/// What an attestation's credential says.
#[derive(Debug, Clone)]
pub struct Attestation<'a> {
    /// `urn:uuid:…`, drawn once for the attestation.
    pub credential_id: &'a str,
    /// The verification code printed on the PDF.
    pub code: &'a str,
    /// Whether it attests the full title (else one CCP).
    pub is_title: bool,
    /// `CCP1`… or the title's code.
    pub human_code: &'a str,
    /// The CCP's or the title's name.
    pub name: &'a str,
    /// The title's name.
    pub title_name: &'a str,
    /// The title's version.
    pub title_version: &'a str,
    /// What the référentiel asks (the criteria's narrative).
    pub criteria: &'a str,
    /// The holder's e-mail, hashed with `salt`.
    pub email: &'a str,
    /// Drawn once for the attestation.
    pub salt: &'a str,
    /// The attestation's issue date (`validFrom`).
    pub issued_on: NaiveDate,
    /// The jury's result date (`awardedDate`).
    pub result_date: NaiveDate,
    /// Status list number.
    pub status_list: i64,
    /// Index in it.
    pub status_index: i64,
}

/// The `OpenBadgeCredential` of an attestation.
pub fn credential(issuer: &Issuer<'_>, a: &Attestation<'_>) -> Value {
    let urls = issuer.urls;
    let list_url = urls.status_list(a.status_list);
    let description = if a.is_title {
        format!(
            "Titre professionnel « {} » (version {}), délivré par le ministère chargé de l'emploi.",
            a.title_name, a.title_version
        )
    } else {
        format!(
            "Certificat de compétences professionnelles {} du titre professionnel « {} » \
             (version {}), délivré par le ministère chargé de l'emploi.",
            a.human_code, a.title_name, a.title_version
        )
    };
    let name = if a.is_title {
        a.name.to_owned()
    } else {
        format!("{} — {}", a.human_code, a.name)
    };
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": a.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.embedded(),
        "validFrom": day(a.issued_on),
        "awardedDate": day(a.result_date),
        "name": format!("Attestation de réussite : {name}"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(a.email, a.salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": a.salt,
            }],
            "achievement": {
                "id": urls.achievement(a.human_code, a.title_version),
                "type": ["Achievement"],
                "achievementType": achievement_type(a.is_title),
                "name": name,
                "description": description,
                "criteria": {"narrative": a.criteria},
                "humanCode": a.human_code,
                "version": a.title_version,
                "inLanguage": "fr",
            },
        },
        "evidence": [{
            "id": urls.verify(a.code),
            "type": ["Evidence"],
            "name": format!("Vérification publique de l'attestation {}", a.code),
            "narrative": "La page de vérification publique donne le titulaire, la \
                          certification, la date du résultat et l'état de l'attestation.",
        }],
        "credentialStatus": {
            "id": format!("{list_url}#{}", a.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": a.status_index.to_string(),
            "statusListCredential": list_url,
        },
    })
}

/// The `BitstringStatusListCredential` of list `list`, with its `encodedList`.
pub fn status_list_credential(
    issuer: &Issuer<'_>,
    list: i64,
    encoded_list: &str,
    updated_at: NaiveDateTime,
) -> Value {
    let url = issuer.urls.status_list(list);
    json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.urls.issuer(),
        "validFrom": instant(updated_at),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> Issuer<'static> {
        Issuer {
            urls: Urls {
                base: "https://parcours.example/",
            },
            name: "Organisme",
        }
    }

    #[test]
    fn the_identity_is_a_salted_sha256() {
        assert_eq!(
            identity_hash("a@example.org", "sel"),
            format!(
                "sha256${}",
                hex::encode(Sha256::digest(b"a@example.orgsel"))
            )
        );
    }

    #[test]
    fn a_credential_names_its_status_entry_and_evidence() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let vc = credential(
            &issuer(),
            &Attestation {
                credential_id: "urn:uuid:1",
                code: "CN-BCDFGHJK",
                is_title: false,
                human_code: "CCP1",
                name: "Accompagner",
                title_name: "Médiateur numérique",
                title_version: "2025",
                criteria: "C1",
                email: "a@example.org",
                salt: "s",
                issued_on: date,
                result_date: date,
                status_list: 1,
                status_index: 7,
            },
        );
        assert_eq!(vc["validFrom"], "2026-03-10T00:00:00Z");
        assert_eq!(
            vc["issuer"]["id"],
            "https://parcours.example/open-badges/issuer"
        );
        assert_eq!(vc["credentialStatus"]["statusListIndex"], "7");
        assert_eq!(
            vc["evidence"][0]["id"],
            "https://parcours.example/verify/CN-BCDFGHJK"
        );
        assert_eq!(
            vc["credentialSubject"]["achievement"]["id"],
            "https://parcours.example/open-badges/issuer#achievement-CCP1-2025"
        );
    }
}
