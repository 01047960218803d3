//! The tutorial page's own words, beside the library's, in the languages it offers: English and
//! Chinese (the tutorial it grew from is Chinese). The server offers them (`server/src/main.rs`);
//! the page reads them by key (`t`), like the library's.

use outbox_leptos::texts::Language;

/// The page's languages, English (the default) first.
pub fn languages() -> Vec<Language> {
    vec![Language::english().with(ENGLISH), Language::chinese().with(CHINESE)]
}

const ENGLISH: &[(&str, &str)] = &[
    ("app.lead", "What you send here reaches the server once, even offline: this browser keeps it and sends it when the network is back."),
    ("app.name", "Name"),
    ("app.sync", "sync"),
    ("app.name_too_long", "name is {chars} characters long; at most {max} are allowed"),
    ("app.name_control_characters", "name contains control characters (such as line breaks); remove them"),
];

const CHINESE: &[(&str, &str)] = &[
    ("app.lead", "你在这里发送的内容只会到达服务器一次，即使离线也是如此：浏览器会先保存它，网络恢复后再发送。"),
    ("app.name", "名字"),
    ("app.sync", "同步"),
    ("app.name_too_long", "名字有 {chars} 个字符；最多 {max} 个"),
    ("app.name_control_characters", "名字含有控制字符（例如换行）；请删除它们"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn both_languages_have_the_same_words() {
        let keys = |texts: &[(&'static str, &'static str)]| texts.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        assert_eq!(keys(super::ENGLISH), keys(super::CHINESE));
    }
}
