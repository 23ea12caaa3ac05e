//! What an uploaded file is, read from its bytes (never from its name or the browser's word):
//! PDF, JPEG or PNG are accepted as proofs and scanned sheets, nothing else.

/// An accepted kind of upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// `application/pdf`.
    Pdf,
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
}

impl FileType {
    /// Its MIME type, as stored.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    /// The extension for a downloaded copy.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    /// The kind a stored MIME type names.
    pub fn from_mime(mime: &str) -> Option<Self> {
        [Self::Pdf, Self::Jpeg, Self::Png]
            .into_iter()
            .find(|kind| kind.mime() == mime)
    }
}

/// The refusal of an upload, in French.
pub const NOT_ACCEPTED: &str =
    "Le fichier doit être un PDF, une image JPEG ou PNG (son contenu, pas seulement son nom).";

/// Reads the kind of `bytes` from their content. A PDF must start with `%PDF-` (not merely hold
/// it somewhere), a JPEG with its SOI marker, a PNG with its signature.
pub fn detect(bytes: &[u8]) -> Option<FileType> {
    match infer::get(bytes).map(|kind| kind.mime_type()) {
        Some("application/pdf") if bytes.starts_with(b"%PDF-") => Some(FileType::Pdf),
        Some("image/jpeg") => Some(FileType::Jpeg),
        Some("image/png") => Some(FileType::Png),
        _ => None,
    }
}

/// Checks an upload: not empty, at most `max_bytes`, and of an accepted kind.
pub fn check(bytes: &[u8], max_bytes: u64) -> Result<FileType, String> {
    if bytes.is_empty() {
        return Err("Le fichier est vide.".to_owned());
    }
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
        return Err(format!(
            "Le fichier dépasse la taille admise ({} Ko).",
            max_bytes / 1024
        ));
    }
    detect(bytes).ok_or_else(|| NOT_ACCEPTED.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_comes_from_the_bytes() {
        assert_eq!(detect(b"%PDF-1.7\n%..."), Some(FileType::Pdf));
        assert_eq!(
            detect(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]),
            Some(FileType::Png)
        );
        assert_eq!(
            detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(FileType::Jpeg)
        );
        assert_eq!(detect(b"<html>%PDF-1.7</html>"), None);
        assert_eq!(detect(b"MZ\x90\x00 not a proof"), None);
        assert_eq!(detect(b"nom;prenom\n"), None);
    }

    #[test]
    fn size_and_emptiness_are_bounded() {
        assert!(check(b"", 1024).is_err());
        assert!(check(b"%PDF-1.7 ......", 4).is_err());
        assert_eq!(check(b"%PDF-1.7 ..", 1024), Ok(FileType::Pdf));
        assert_eq!(check(b"GIF89a....", 1024), Err(NOT_ACCEPTED.to_owned()));
    }
}
