//! The document around a page rendered on the server only (no hydration, no script): the owner's
//! page and the answer to a native form post share it, dressed as the app that serves them
//! (`PageLook`: its name and its stylesheet), not as Outbox.

use leptos::config::LeptosOptions;

/// How the library's own pages look in an app: the app's name in their titles and headings, and
/// the app's stylesheet (the same hashed file its own pages link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLook {
    /// The app's name, as a person reads it ("Field inspection").
    pub app_name: String,
    /// The URL of the app's stylesheet (`/pkg/inspection.1a2b….css`).
    pub stylesheet: String,
}

impl PageLook {
    /// The look of the app these options describe: its stylesheet as its own pages link it, and
    /// its name from its `output-name` (`field-inspection` reads "Field inspection"; an app that
    /// wants another sets `app_name`).
    pub fn of(options: &LeptosOptions) -> Self {
        Self { app_name: name_of(&options.output_name), stylesheet: crate::stylesheet::href(options) }
    }
}

/// `field-inspection` or `field_inspection` as "Field inspection".
fn name_of(output_name: &str) -> String {
    let words = output_name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Outbox".into(),
    }
}

/// The whole HTML document in the language `lang` (a BCP 47 tag): `title` (text, after the app's
/// name) and `body` (HTML rendered by Leptos, escaped there).
pub fn document(look: &PageLook, lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}: {}</title>\
         <link rel=\"stylesheet\" href=\"{}\"></head><body>{body}</body></html>",
        escape(lang),
        escape(&look.app_name),
        escape(title),
        escape(&look.stylesheet),
    )
}

/// Text and attribute values in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_wears_the_apps_name_and_stylesheet() {
        let options = LeptosOptions::builder().output_name("field-inspection").build();
        let look = PageLook::of(&options);
        assert_eq!(
            look,
            PageLook { app_name: "Field inspection".into(), stylesheet: "/pkg/field-inspection.css".into() }
        );
        let html = document(&look, "en", "sent", "<main></main>");
        assert!(html.contains("<title>Field inspection: sent</title>"), "{html}");
        assert!(html.contains(r#"<link rel="stylesheet" href="/pkg/field-inspection.css">"#), "{html}");
        let odd = PageLook { app_name: "A <b> & \"c\"".into(), stylesheet: "/x.css".into() };
        assert!(document(&odd, "en", "t", "").contains("<title>A &lt;b&gt; &amp; &quot;c&quot;: t</title>"));
    }
}
