//! The objectives printed on the attestation de fin de formation, per kind of cohort.
//!
//! EXAMPLE TEXTS, to be adapted by each training body to its programme (they follow the
//! référentiel of the titre professionnel « Conseiller médiateur numérique » and the programme's
//! public presentation of the initial training; they are not an official wording).

use crate::domain::cohort::CohortKind;

/// The objectives of a cohort's training (example wording, to adapt).
pub fn objectives(kind: CohortKind) -> &'static str {
    match kind {
        CohortKind::Initial => {
            "Accompagner différents publics vers l'autonomie dans les usages des technologies, \
             services et médias numériques : accueillir et identifier les besoins, animer un \
             accompagnement individuel ou collectif, sensibiliser aux enjeux de la sécurité et de \
             la citoyenneté numériques, orienter vers les acteurs du territoire ; se préparer au \
             CCP1 du titre professionnel. (Texte d'exemple, à adapter par l'organisme.)"
        }
        CohortKind::Ccp23 => {
            "Concevoir et animer des actions de médiation numérique adaptées aux publics et aux \
             territoires (CCP2), contribuer au développement de projets de médiation numérique et \
             aux partenariats locaux (CCP3) ; se préparer aux épreuves des CCP2 et CCP3 du titre \
             professionnel. (Texte d'exemple, à adapter par l'organisme.)"
        }
    }
}
