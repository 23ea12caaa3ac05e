//! Word lists for demo data: common French first and last names, towns per territory.

/// First names.
pub const FIRST_NAMES: &[&str] = &[
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Théo", "Camille", "Mathis",
    "Sarah", "Enzo", "Jade", "Louis", "Zoé", "Gabriel", "Emma", "Raphaël", "Louise", "Arthur",
    "Anaïs", "Mohamed", "Fatou", "Yanis", "Aïcha", "Kévin", "Océane", "Jérôme", "Sandrine",
    "Nathalie", "Christophe", "Stéphanie", "Grégory", "Maëlys", "Noé", "Héloïse", "Loïc",
    "Françoise", "Benoît", "Hélène", "Teiva", "Moana", "Kamélia", "Mickaël", "Gaëlle",
];

/// Last names.
pub const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Nguyen", "Diallo", "Benali", "Traoré",
    "Hoarau", "Payet", "Grondin", "Tehei", "Wamytan", "Jean-Baptiste", "N'Diaye", "Le Gall",
    "Ravaomanana", "Saïd", "Ah-Kiem", "Céleste",
];

/// Towns where demo host structures stand, per territory code.
pub const TOWNS: &[(&str, &[&str])] = &[
    (
        "FR",
        &[
            "Lyon", "Marseille", "Lille", "Rennes", "Nantes", "Toulouse", "Bordeaux", "Dijon",
            "Besançon", "Clermont-Ferrand", "Limoges", "Amiens", "Rouen", "Metz", "Nancy",
            "Orléans", "Tours", "Poitiers", "Brest", "Ajaccio", "Grenoble", "Montpellier",
            "Perpignan", "Saint-Étienne", "Le Mans", "Caen", "Reims", "Strasbourg", "Pau", "Gap",
        ],
    ),
    ("971", &["Pointe-à-Pitre", "Basse-Terre"]),
    ("972", &["Fort-de-France", "Le Lamentin"]),
    ("973", &["Cayenne", "Saint-Laurent-du-Maroni"]),
    ("974", &["Saint-Denis", "Saint-Pierre", "Le Port"]),
    ("975", &["Saint-Pierre"]),
    ("976", &["Mamoudzou"]),
    ("977", &["Gustavia"]),
    ("978", &["Marigot"]),
    ("986", &["Mata-Utu"]),
    ("987", &["Papeete", "Taiohae", "Rikitea"]),
    ("988", &["Nouméa", "Koné"]),
];

/// Kinds of host structure, for names.
pub const HOST_KINDS: &[&str] = &[
    "Mairie de",
    "Médiathèque de",
    "France Services de",
    "Centre social de",
    "Tiers-lieu numérique de",
];
