//! The languages the console speaks, and how a user's language is chosen.

/// A supported locale. Formatting of numbers, dates and money follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    Fr,
    En,
    It,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Fr, Locale::En, Locale::It];

    /// The BCP 47 tag (for `<html lang>` and `?lang=`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
            Locale::It => "it",
        }
    }

    /// The language's own name, as shown in the language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
            Locale::It => "Italiano",
        }
    }

    /// Parses a language tag such as `fr`, `fr-FR`, `it_IT`, `en-GB` (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            "it" => Some(Locale::It),
            _ => None,
        }
    }

    /// Chooses the locale: `?lang=` first, then the user's saved choice, then the browser's
    /// languages in order, then the configured default, then French.
    pub fn resolve<'a>(
        query_lang: Option<&str>,
        saved: Option<&str>,
        browser_languages: impl IntoIterator<Item = &'a str>,
        configured_default: &str,
    ) -> Locale {
        query_lang
            .and_then(Locale::from_tag)
            .or_else(|| saved.and_then(Locale::from_tag))
            .or_else(|| browser_languages.into_iter().find_map(Locale::from_tag))
            .or_else(|| Locale::from_tag(configured_default))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_whatever_their_region() {
        assert_eq!(Locale::from_tag("fr-FR"), Some(Locale::Fr));
        assert_eq!(Locale::from_tag("it_IT"), Some(Locale::It));
        assert_eq!(Locale::from_tag("EN-gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("de-DE"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn query_beats_saved_beats_browser_beats_config() {
        assert_eq!(
            Locale::resolve(Some("it"), Some("en"), ["fr-FR"], "fr"),
            Locale::It
        );
        assert_eq!(
            Locale::resolve(Some("xx"), Some("en"), ["fr-FR"], "fr"),
            Locale::En
        );
        assert_eq!(
            Locale::resolve(None, None, ["de-DE", "it-IT", "fr"], "fr"),
            Locale::It
        );
        assert_eq!(Locale::resolve(None, None, ["de-DE"], "en"), Locale::En);
        assert_eq!(Locale::resolve(None, None, [], "zz"), Locale::Fr);
    }
}
