//! The error summary names each field: every form's summary (`error_summary` in
//! `templates/macros.html`) links to `#f-{field}`; once the page is rendered, each link is
//! prefixed by the text of the field's `<label for="f-{field}">`, wherever the field is drawn
//! (« Nom : ce champ est obligatoire. »). One pass, so that every form gets it.

/// The marker the summary macro puts on each link: `data-label-for="f-name">message</a>`.
const MARKER: &str = "data-label-for=\"";

/// The rendered `html` with every summary link prefixed by its field's label.
pub fn name_fields_in_summary(html: String) -> String {
    if !html.contains(MARKER) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(MARKER) {
        let (before, after) = rest.split_at(at + MARKER.len());
        out.push_str(before);
        let Some(quote) = after.find('"') else {
            rest = after;
            break;
        };
        let id = &after[..quote];
        let Some(close) = after[quote..].find('>') else {
            rest = after;
            break;
        };
        let body_start = quote + close + 1;
        let Some(end) = after[body_start..].find("</a>") else {
            rest = after;
            break;
        };
        let message = &after[body_start..body_start + end];
        out.push_str(&after[..body_start]);
        match label_of(&html, id) {
            Some(label) => {
                out.push_str(&label);
                out.push_str("\u{a0}: ");
                out.push_str(&lower_first(message));
            }
            None => out.push_str(message),
        }
        rest = &after[body_start + end..];
    }
    out.push_str(rest);
    out
}

/// The text of `<label for="{id}">`, without its markup and the « * » of required fields.
fn label_of(html: &str, id: &str) -> Option<String> {
    let needle = format!("<label for=\"{id}\"");
    let start = html.find(&needle)?;
    let open_end = start + html[start..].find('>')? + 1;
    let close = open_end + html[open_end..].find("</label>")?;
    let mut text = String::new();
    let mut in_tag = false;
    let inner = &html[open_end..close];
    // The required marker is an aria-hidden span: drop it with its content.
    let inner = inner
        .find("<span class=\"required\"")
        .map_or(inner, |i| &inner[..i]);
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// « Ce champ » → « ce champ », but « ANCT … » stays.
fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(message.chars().skip(1))
            .collect(),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_links_name_their_field() {
        let html = r##"<ul><li><a href="#f-name" data-label-for="f-name">Ce champ est obligatoire.</a></li><li><a href="#f-anct" data-label-for="f-anct">ANCT inconnu.</a></li><li><a href="#f-x" data-label-for="f-x">Autre.</a></li></ul>
<label for="f-name">Nom <span class="required" aria-hidden="true">*</span></label><input id="f-name">
<label for="f-anct">Identifiant <abbr>ANCT</abbr></label>"##;
        let out = name_fields_in_summary(html.to_owned());
        assert!(
            out.contains(">Nom\u{a0}: ce champ est obligatoire.</a>"),
            "{out}"
        );
        assert!(
            out.contains(">Identifiant ANCT\u{a0}: ANCT inconnu.</a>"),
            "{out}"
        );
        assert!(out.contains(">Autre.</a>"), "{out}");
    }
}
