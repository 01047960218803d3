//! The tutorial's rule for a name, applied by the server before storing: trimmed, an empty one
//! stored as `anonymous` (as in the original Background Sync pattern), a long one or one with line
//! breaks refused. The app's own, so it lives here and not in Outbox's crates.

/// What an empty name becomes, as in the original Background Sync pattern.
pub const ANONYMOUS: &str = "anonymous";
/// The longest name the server stores, counted in Unicode scalar values after trimming.
pub const MAX_NAME_CHARS: usize = 200;

/// Why a name cannot be stored (worded in the person's language by `TutorialForm::validate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Longer than [`MAX_NAME_CHARS`] once trimmed.
    TooLong {
        /// How long it is.
        chars: usize,
    },
    /// A line break, a tab or another control character.
    ControlCharacters,
}

/// Trims the name, turns an empty one into [`ANONYMOUS`], and refuses what cannot be stored.
pub fn normalize_name(raw: &str) -> Result<String, NameError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(ANONYMOUS.to_string());
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameError::TooLong { chars });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(NameError::ControlCharacters);
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_unicode_and_markup_as_text() {
        assert_eq!(normalize_name("  张三 & <b>x</b> ").unwrap(), "张三 & <b>x</b>");
    }

    #[test]
    fn empty_or_blank_becomes_anonymous() {
        assert_eq!(normalize_name("").unwrap(), ANONYMOUS);
        assert_eq!(normalize_name(" \t ").unwrap(), ANONYMOUS);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(normalize_name(&"张".repeat(MAX_NAME_CHARS)).is_ok());
        assert_eq!(
            normalize_name(&"a".repeat(MAX_NAME_CHARS + 1)),
            Err(NameError::TooLong { chars: MAX_NAME_CHARS + 1 })
        );
    }

    #[test]
    fn refuses_control_characters_inside() {
        assert_eq!(normalize_name("a\nb"), Err(NameError::ControlCharacters));
    }
}
