//! The words of calendar events: an exam's title (« Examen CCP1 — … »), its place (the room before
//! the venue, « À distance » for a remote event), and the description that links back to
//! parcours and, for a remote event, to its video conference.

/// « Examen CCP1 — Accompagner différents publics… ».
pub fn exam_title(code: &str, name: &str) -> String {
    match (code.trim(), name.trim()) {
        ("", name) => format!("Examen — {name}"),
        (code, "") => format!("Examen {code}"),
        (code, name) => format!("Examen {code} — {name}"),
    }
}

/// « Salle 204, Maison de l'emploi, Lyon »: the room first (« Salle » added unless it names its
/// kind), then the venue, either alone.
pub fn room_and_venue(room: Option<String>, venue: Option<String>) -> Option<String> {
    let clean = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match (clean(room), clean(venue)) {
        (Some(room), Some(venue)) => {
            let lower = room.to_lowercase();
            let room = if ["salle", "amphi", "bureau", "atelier"]
                .iter()
                .any(|w| lower.starts_with(w))
            {
                room
            } else {
                format!("Salle {room}")
            };
            Some(format!("{room}, {venue}"))
        }
        (room, venue) => room.or(venue),
    }
}

/// The LOCATION of an event: its place; « À distance » for a remote event with a
/// video-conference link and no place (an event without a link keeps what it always had).
pub fn location(place: Option<String>, has_video_link: bool) -> String {
    match place {
        Some(place) if !place.trim().is_empty() => place,
        _ if has_video_link => "À distance".to_owned(),
        place => place.unwrap_or_default(),
    }
}

/// The description of an event: what it is, where, how to join it remotely (« Visioconférence :
/// https://… », only for a remote event with a link), and its page in parcours.
pub fn description(summary: &str, location: &str, video_link: Option<&str>, url: &str) -> String {
    let mut lines = vec![summary.to_owned()];
    if !location.is_empty() {
        lines.push(format!("Lieu : {location}"));
    }
    if let Some(link) = video_link {
        lines.push(format!("Visioconférence : {link}"));
    }
    lines.push(format!("Dans parcours : {url}"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exams_say_examen_and_their_ccp() {
        assert_eq!(
            exam_title("CCP1", "Accompagner"),
            "Examen CCP1 — Accompagner"
        );
        assert_eq!(exam_title("", "Accompagner"), "Examen — Accompagner");
    }

    #[test]
    fn the_room_comes_first() {
        let venue = Some("Maison de l'emploi".to_owned());
        assert_eq!(
            room_and_venue(Some("204".to_owned()), venue.clone()).as_deref(),
            Some("Salle 204, Maison de l'emploi")
        );
        assert_eq!(
            room_and_venue(Some("Salle B".to_owned()), venue.clone()).as_deref(),
            Some("Salle B, Maison de l'emploi")
        );
        assert_eq!(
            room_and_venue(Some("B12".to_owned()), venue.clone()).as_deref(),
            Some("Salle B12, Maison de l'emploi")
        );
        assert_eq!(room_and_venue(None, venue.clone()), venue);
        assert_eq!(room_and_venue(Some(" ".to_owned()), None), None);
    }

    #[test]
    fn the_description_links_back() {
        assert_eq!(
            description(
                "Examen CCP1",
                "Salle B",
                None,
                "https://p.example/exam-sessions/3"
            ),
            "Examen CCP1\nLieu : Salle B\nDans parcours : https://p.example/exam-sessions/3"
        );
    }

    #[test]
    fn a_remote_event_says_how_to_join() {
        let location = location(None, true);
        assert_eq!(location, "À distance");
        assert_eq!(
            description(
                "Examen CCP1",
                &location,
                Some("https://visio.example/ccp1"),
                "https://p.example/exam-sessions/3"
            ),
            "Examen CCP1\nLieu : À distance\nVisioconférence : https://visio.example/ccp1\n\
             Dans parcours : https://p.example/exam-sessions/3"
        );
        assert_eq!(super::location(None, false), "");
        assert_eq!(super::location(Some("Lyon".to_owned()), true), "Lyon");
    }
}
