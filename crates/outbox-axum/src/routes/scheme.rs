//! Outbox's URL scheme, beside the routes that serve it: where each declared form's submissions
//! go and under which Background Sync tags (what the worker is told, `FormRoute`), and the page
//! that answers a form the browser posted itself and the worker kept.

use outbox_protocol::{FormRoute, RawJson, DATA_SYNC_TAG, PING_SYNC_TAG};

/// The page that says a form the browser posted itself is saved on this device (the server could
/// not be reached): served here, cached by the worker with the app shell.
pub const QUEUED_PAGE: &str = "/queued";

/// The route of the form named `name`: the default form at `/sync` under the original pattern's
/// tags, any other at `/forms/{name}` under tags of its own; `no_data_fields`, what a sync with no
/// page's data sends (`Form::without_data`).
pub fn form_route(name: &str, default: bool, no_data_fields: Option<RawJson>) -> FormRoute {
    let (action, data_tag, ping_tag) = if default {
        ("/sync".to_string(), DATA_SYNC_TAG.to_string(), PING_SYNC_TAG.to_string())
    } else {
        (format!("/forms/{name}"), format!("outbox:{name}"), format!("outbox:{name}:ping"))
    };
    FormRoute {
        name: name.into(),
        batch_action: format!("{action}/batch"),
        action,
        data_tag,
        ping_tag,
        no_data_fields,
        queued_page: QUEUED_PAGE.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_keeps_the_tutorials_address_and_tags_and_others_get_their_own() {
        let default = form_route("tutorial", true, None);
        assert_eq!(
            (
                default.action.as_str(),
                default.batch_action.as_str(),
                default.data_tag.as_str(),
                default.ping_tag.as_str()
            ),
            ("/sync", "/sync/batch", "sample_sync_event", "sample_sync")
        );
        let other = form_route("inspection", false, None);
        assert_eq!(
            (other.action.as_str(), other.batch_action.as_str(), other.data_tag.as_str(), other.ping_tag.as_str()),
            ("/forms/inspection", "/forms/inspection/batch", "outbox:inspection", "outbox:inspection:ping")
        );
        assert_eq!(other.queued_page, QUEUED_PAGE);
    }
}
