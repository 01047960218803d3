//! The one rule for names, applied by the worker before sending and by the server before storing.

/// What an empty name becomes, as in the original Background Sync pattern.
pub const ANONYMOUS: &str = "anonymous";
/// The longest name the server stores, counted in Unicode scalar values after trimming.
pub const MAX_NAME_CHARS: usize = 200;

/// Why a name cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    TooLong { chars: usize },
    ControlCharacters,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::TooLong { chars } => {
                write!(f, "name is {chars} characters long; at most {MAX_NAME_CHARS} are allowed")
            }
            NameError::ControlCharacters => {
                write!(f, "name contains control characters (such as line breaks); remove them")
            }
        }
    }
}

impl std::error::Error for NameError {}

/// The worker's and the page's side of the rule: a blank name is sent (and shown) as
/// [`ANONYMOUS`]; anything else goes as typed, for the server to check.
pub fn name_or_anonymous(raw: String) -> String {
    if raw.trim().is_empty() {
        ANONYMOUS.to_string()
    } else {
        raw
    }
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
