//! « de » and « à » before a name, the French way: elision before a vowel or a mute h
//! (« d'Inès », « d'Hélène »), and for places and organisations the contraction of the article
//! « le » / « les » (« du Mans », « des Abymes », « au Havre », « aux Ulis »).

/// Initial letters before which « de » elides (a mute h is handled apart).
const VOWELS: &str = "aàâäeéèêëiîïoôöuùûüœæAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜŒÆ";

/// Beginnings of names whose h is aspirated (no elision: « de Hauts-de-France », « du Havre »).
const ASPIRATED_H: [&str; 8] = [
    "haut", "havre", "hollande", "hongrie", "honduras", "hambourg", "hainaut", "hugo",
];

/// Whether « de » elides before `word`: a vowel, a mute h, or a y sounded as a vowel
/// (« d'Yves » but « de Yohann »).
fn elides_before(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if VOWELS.contains(first) {
        return true;
    }
    match first {
        'h' | 'H' => {
            let lower = word.to_lowercase();
            !ASPIRATED_H.iter().any(|h| lower.starts_with(h))
        }
        'y' | 'Y' => chars.next().is_some_and(|c| !VOWELS.contains(c)),
        _ => false,
    }
}

/// `name` without a leading « Le » or « Les » article, and which one it was.
fn article(name: &str) -> (Option<Article>, &str) {
    for (prefix, which) in [
        ("Les ", Article::Les),
        ("les ", Article::Les),
        ("Le ", Article::Le),
        ("le ", Article::Le),
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return (Some(which), rest);
        }
    }
    (None, name)
}

/// The articles that contract with « de » and « à ».
#[derive(Clone, Copy)]
enum Article {
    Le,
    Les,
}

/// « de » before a person's name: elided before a vowel or a mute h (« d'Inès », « d'Hélène »),
/// never contracted (a surname's article stays: « de Le Goff »).
pub fn de_personne(name: &str) -> String {
    let name = name.trim();
    if elides_before(name) {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// « de » before a place or an organisation: « de Lyon », « d'Angers », « du Mans »
/// (« de Le Mans »), « des Abymes » (« de Les Abymes »), « de La Rochelle », « de L'Haÿ ».
/// An article before a vowel sound is already elided in the name (« L'Isle ») and stays.
pub fn de_lieu(name: &str) -> String {
    let name = name.trim();
    match article(name) {
        (Some(Article::Le), rest) if !elides_before(rest) => format!("du {rest}"),
        (Some(Article::Les), rest) => format!("des {rest}"),
        _ => de_personne(name),
    }
}

/// « à » before a place or an organisation: « à Lyon », « au Mans », « aux Abymes »,
/// « à La Rochelle ».
pub fn a_lieu(name: &str) -> String {
    let name = name.trim();
    match article(name) {
        (Some(Article::Le), rest) if !elides_before(rest) => format!("au {rest}"),
        (Some(Article::Les), rest) => format!("aux {rest}"),
        _ => format!("à {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_elides_before_a_vowel_or_a_mute_h() {
        assert_eq!(de_personne("Inès"), "d'Inès");
        assert_eq!(de_personne("Élodie"), "d'Élodie");
        assert_eq!(de_personne("Hélène"), "d'Hélène");
        assert_eq!(de_personne("Yves"), "d'Yves");
        assert_eq!(de_personne("Yohann"), "de Yohann");
        assert_eq!(de_personne("Hugo"), "de Hugo", "aspirated h");
        assert_eq!(de_personne("Marc"), "de Marc");
        assert_eq!(de_personne(" Ana "), "d'Ana");
        assert_eq!(
            de_personne("Le Goff"),
            "de Le Goff",
            "a surname keeps its article"
        );
    }

    #[test]
    fn de_contracts_the_article_of_a_place() {
        assert_eq!(de_lieu("Le Mans"), "du Mans");
        assert_eq!(de_lieu("Les Abymes"), "des Abymes");
        assert_eq!(de_lieu("Les Ulis"), "des Ulis");
        assert_eq!(de_lieu("Le Havre"), "du Havre");
        assert_eq!(de_lieu("La Rochelle"), "de La Rochelle");
        assert_eq!(de_lieu("L'Haÿ-les-Roses"), "de L'Haÿ-les-Roses");
        assert_eq!(de_lieu("Angers"), "d'Angers");
        assert_eq!(de_lieu("Hauts-de-France"), "de Hauts-de-France");
        assert_eq!(de_lieu("Lyon"), "de Lyon");
    }

    #[test]
    fn a_contracts_the_article_of_a_place() {
        assert_eq!(a_lieu("Le Mans"), "au Mans");
        assert_eq!(a_lieu("Les Abymes"), "aux Abymes");
        assert_eq!(a_lieu("La Rochelle"), "à La Rochelle");
        assert_eq!(a_lieu("Angers"), "à Angers");
    }

    #[test]
    fn an_empty_name_keeps_de() {
        assert_eq!(de_personne(""), "de ");
        assert_eq!(a_lieu(""), "à ");
    }
}
