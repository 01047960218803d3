//! Every text the library shows a person, in the person's language: English and Chinese (简体中文)
//! built in, chosen per request by the browser's `Accept-Language`, and an app's own languages or
//! words beside them (`offer`). The server holds the languages; a page it renders carries the one
//! it chose (`<script id="outbox-texts">`), from which the browser draws the rest, so the page's
//! wasm holds keys, not sentences, and a language an app adds costs it nothing.
//!
//! A text may have named blanks, `{name}`, filled by [`fill`].

/// Where a page carries its language's texts for the browser (a JSON object, key → text).
pub const TEXTS_ID: &str = "outbox-texts";

/// The texts of one language: the library's keys (and an app's own, if it adds any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    tag: &'static str,
    texts: Vec<(&'static str, &'static str)>,
}

impl Language {
    /// The library's texts in English, the language every other falls back to.
    pub fn english() -> Self {
        Self::new("en", ENGLISH)
    }

    /// The library's texts in Simplified Chinese.
    pub fn chinese() -> Self {
        Self::new("zh-CN", CHINESE)
    }

    /// A language of the app's, as a BCP 47 tag (`fr`, `pt-BR`) and its texts by key; a key it
    /// lacks reads as in English.
    pub fn new(tag: &'static str, texts: &[(&'static str, &'static str)]) -> Self {
        Self { tag, texts: texts.to_vec() }
    }

    /// This language with more texts (the app's own keys, or other words for the library's).
    pub fn with(mut self, texts: &[(&'static str, &'static str)]) -> Self {
        self.texts.extend_from_slice(texts);
        self
    }

    /// The language's tag (`en`, `zh-CN`), as `<html lang>` and `Accept-Language` name it.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The text of `key` in this language (the last given, if given twice).
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.texts.iter().rev().find(|(k, _)| *k == key).map(|(_, text)| *text)
    }

    /// The text of `key`, in English where this language has none (the key itself, where no
    /// language has it: a slip shows, not a blank).
    pub fn text(&self, key: &str) -> String {
        self.get(key).or_else(|| ENGLISH.iter().find(|(k, _)| *k == key).map(|(_, text)| *text)).unwrap_or(key).into()
    }

    /// Every text once, English's where this language has none, then the app's own keys.
    pub fn complete(&self) -> Vec<(&'static str, &'static str)> {
        let mut texts: Vec<(&'static str, &'static str)> =
            ENGLISH.iter().map(|(key, english)| (*key, self.get(key).unwrap_or(english))).collect();
        for (key, _) in &self.texts {
            if !texts.iter().any(|(known, _)| known == key) {
                texts.push((key, self.get(key).unwrap_or_default()));
            }
        }
        texts
    }

    /// The JSON object (key → text) a page carries for the browser, safe inside `<script>`: every
    /// text but those only the server words (a field's refusal, the owner's page, the answer to a
    /// form posted without script), which would weigh on every first visit twice (the page, and
    /// the copy the worker caches).
    pub fn page_json(&self) -> String {
        const SERVER_ONLY: [&str; 3] = ["admin.", "field.", "sent."];
        let json = outbox_protocol::RawJson::object(|o| {
            for (key, text) in self.complete() {
                if !SERVER_ONLY.iter().any(|prefix| key.starts_with(prefix)) {
                    o.text(key, text);
                }
            }
        });
        json.as_str().replace('<', "\\u003c")
    }
}

/// `text` with each blank replaced by its value: `fill("at most {n}", &[("{n}", "5")])`. A blank
/// is named with its braces, as it stands in the text (so the browser needs no formatting to find
/// it); a blank with no value is kept as it is.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut filled = text.to_string();
    for (blank, value) in values {
        filled = filled.replace(blank, value);
    }
    filled
}

/// The text of `key` in the person's language: on the server, the language of the request being
/// answered (`in_language`, or the page being rendered: `use_language`); in the browser, the one
/// the page carries. An app's own words (a form's `validate`) read theirs the same way.
pub fn t(key: &str) -> String {
    tf(key, &[])
}

/// The text of `key` with its blanks filled (`fill`: each blank named with its braces).
#[cfg(feature = "ssr")]
pub fn tf(key: &str, values: &[(&str, &str)]) -> String {
    fill(&chosen::current().text(key), values)
}

/// The text of `key` with its blanks filled (`fill`), in the browser: the text stays a JS string
/// and the browser's own `replaceAll` fills it (Rust's string searcher, and a copy each way, cost
/// the page's wasm about 0.5 KB gzip, measured).
#[cfg(not(feature = "ssr"))]
pub fn tf(key: &str, values: &[(&str, &str)]) -> String {
    use wasm_bindgen::{JsCast, JsValue};
    thread_local! {
        // The page's texts, parsed once.
        static TEXTS: JsValue = crate::client_dom::by_id(TEXTS_ID)
            .and_then(|script| script.text_content())
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .unwrap_or(JsValue::UNDEFINED);
    }
    let found = TEXTS.with(|texts| js_sys::Reflect::get(texts, &JsValue::from_str(key)).ok());
    let mut text = found.and_then(|text| text.dyn_into::<js_sys::JsString>().ok()).unwrap_or_else(|| key.into());
    for (blank, value) in values {
        text = text.replace_all(blank, value);
    }
    text.into()
}

/// A text of a view the server renders, in the person's language, its blanks filled (`fill`).
/// Hydration keeps the text the server rendered, so the browser's build looks nothing up and
/// carries an empty text in its place (the lookup and the text's dynamic hydration cost the page's
/// wasm 0.1 to 0.2 KB gzip, measured). For views rendered on the server; what is drawn only in the
/// browser uses [`t`] and [`tf`].
#[cfg(feature = "ssr")]
pub fn words(key: &str, values: &[(&str, &str)]) -> String {
    tf(key, values)
}

/// (In the browser: see the server's `words`.)
#[cfg(not(feature = "ssr"))]
pub fn words(_key: &str, _values: &[(&str, &str)]) -> &'static str {
    ""
}

/// The page's language tag and its texts as JSON, for the document around the page
/// (`OutboxDocument`). A document is rendered on the server only; the browser's build, which never
/// renders one, has none to give.
pub fn for_document() -> (&'static str, String) {
    #[cfg(feature = "ssr")]
    {
        let language = use_language();
        (language.tag(), language.page_json())
    }
    #[cfg(not(feature = "ssr"))]
    {
        ("en", String::new())
    }
}

#[cfg(feature = "ssr")]
pub use chosen::{current, for_request, force, in_language, offer, use_language};

/// Which language a request gets (server only).
#[cfg(feature = "ssr")]
mod chosen {
    use std::sync::OnceLock;

    use super::Language;

    static OFFERED: OnceLock<Vec<Language>> = OnceLock::new();
    static FORCED: OnceLock<&'static Language> = OnceLock::new();

    tokio::task_local! {
        static REQUEST_LANGUAGE: &'static Language;
    }

    /// Runs `work` (a request's answer) in `language`: every text it words reads in it.
    pub async fn in_language<F: std::future::Future>(language: &'static Language, work: F) -> F::Output {
        REQUEST_LANGUAGE.scope(language, work).await
    }

    /// The language of what is being answered: the request's (`in_language`), else the page's
    /// being rendered (`use_language`), else the app's default.
    pub fn current() -> &'static Language {
        REQUEST_LANGUAGE
            .try_with(|language| *language)
            .ok()
            .or_else(leptos::prelude::use_context::<&'static Language>)
            .unwrap_or_else(|| for_request(None))
    }

    /// The languages the app offers, its default first (the one a browser asking for none of them
    /// gets). Set once, before serving; without it, English then Chinese. A single language makes
    /// every page that language, whatever the browser asks.
    pub fn offer(languages: Vec<Language>) {
        assert!(!languages.is_empty(), "an app offers at least one language");
        let _ = OFFERED.set(languages);
    }

    pub(super) fn offered() -> &'static [Language] {
        OFFERED.get_or_init(|| vec![Language::english(), Language::chinese()])
    }

    /// Every page in the offered language `tag`, whatever the browser asks (a deployment for one
    /// audience: `OUTBOX_LANGUAGE`); an error names the languages offered.
    pub fn force(tag: &str) -> Result<(), String> {
        let offered = offered();
        match offered.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)) {
            Some(language) => {
                let _ = FORCED.set(language);
                Ok(())
            }
            None => Err(format!(
                "OUTBOX_LANGUAGE={tag:?} is not a language this app offers ({})",
                offered.iter().map(|l| l.tag).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    /// The language for a request's `Accept-Language`: the first one the browser wants most that
    /// is offered (`zh`, `zh-CN`, `zh-Hans-CN` all find `zh-CN`), else the app's default.
    pub fn for_request(accept_language: Option<&str>) -> &'static Language {
        if let Some(forced) = FORCED.get() {
            return forced;
        }
        let offered = offered();
        let mut wanted: Vec<(f32, &str)> = accept_language
            .unwrap_or_default()
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (!tag.is_empty() && q > 0.0).then_some((q, tag))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let primary = |tag: &str| tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
        wanted
            .iter()
            .find_map(|(_, tag)| {
                offered
                    .iter()
                    .find(|l| l.tag.eq_ignore_ascii_case(tag))
                    .or_else(|| offered.iter().find(|l| primary(l.tag) == primary(tag)))
            })
            .unwrap_or(&offered[0])
    }

    /// The language of the request being rendered (its `Accept-Language`), provided to what the
    /// page renders below; answers it.
    pub fn use_language() -> &'static Language {
        if let Some(language) = leptos::prelude::use_context::<&'static Language>() {
            return language;
        }
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        let accept = parts.as_ref().and_then(|p| p.headers.get(http::header::ACCEPT_LANGUAGE)?.to_str().ok());
        let language = for_request(accept);
        leptos::prelude::provide_context(language);
        language
    }
}

/// The library's texts in English, by key.
const ENGLISH: &[(&str, &str)] = &[
    // The person's list: where each submission stands.
    ("list.heading", "Your submissions"),
    ("list.hint", "Kept in this browser: what waits until the server has it, what was sent for 30 days. Nobody else sees them."),
    ("list.more", "and {n} more waiting"),
    ("state.saving", "saving…"),
    ("state.queued", "saved on this device"),
    ("state.sending", "sending…"),
    ("state.waiting", "saved on this device, sent when the server answers"),
    ("state.refused", "not accepted: {reason}"),
    ("state.not_sent", "not sent: {reason}"),
    ("state.expired", "not sent in time: {reason}"),
    ("state.sent", "sent"),
    ("state.detail", "attempt {attempt}, next at {time}: {reason}"),
    ("state.not_taken", "this page could not hand it to the service worker (tried {n} times): it is not saved, send it again"),
    ("action.retry", "send again"),
    ("action.discard", "discard"),
    ("attachment.one", " with {file} ({size})"),
    ("attachment.many", " with {n} images ({names}; {size})"),
    ("image.sent_one", "the image sent with {name}"),
    ("image.sent_many", "image {i} of {n} sent with {name}"),
    // The form's images.
    ("images.label", "Images (optional)"),
    ("images.hint", "Up to {max}: PNG, JPEG, WebP or GIF, each up to {size}"),
    ("images.too_many", "You picked {n} images; up to {max} go with one submission. Pick fewer."),
    ("images.too_large", "{name} is {size}; the server takes images up to {max}. Pick a smaller one."),
    ("images.preview", "the picked image {name}"),
    // The page's notices.
    ("badge.offline", "Offline"),
    ("badge.offline_title", "What you send waits in this browser and goes when the network is back"),
    ("notice.new_version", "A new version of this app took over; what waits to be sent was kept."),
    ("notice.reload", "Reload for the new page"),
    ("notice.storage", "This browser keeps what waits to be sent in storage it may clear when space runs low (it did not grant persistent storage). Open this app again soon, or install it."),
    ("notice.no_worker", "This page cannot keep what you send while offline: {reason}"),
    ("notice.no_service_workers", "this browser offers no service workers here (they need https or localhost)"),
    ("notice.not_controlled", "the service worker did not take control of this page; reload it"),
    // The developers' details (`DeveloperDetails`).
    ("developer.summary", "Details for developers"),
    ("developer.reading", "Reading the outbox from the service worker…"),
    ("developer.ping", "sync without data"),
    ("developer.ping_registered", "data-less sync registered ({tag})"),
    ("developer.ping_failed", "cannot register the data-less sync: {reason}"),
    ("developer.background_sync", "Mode: Background Sync (the browser sends what waits when the network is back, even with this page closed)."),
    ("developer.fallback", "Mode: fallback, no Background Sync in this browser (what waits is sent when this page opens or the network is back)."),
    ("developer.online", "Worker's network: online."),
    ("developer.offline", "Worker's network: offline."),
    ("developer.counts", "Outbox: {waiting} waiting, {failed} failed, {expired} expired"),
    // The answer to a form sent without script, and the page the worker answers it with offline.
    ("sent.title", "sent"),
    ("sent.title_queued", "saved on this device"),
    ("sent.stored", "is stored"),
    ("sent.repeated", "was already stored"),
    ("sent.received", "received"),
    ("sent.not_stored", "Not stored: {reason}"),
    ("sent.queued", "The server cannot be reached. What you sent is saved on this device and will be sent once the server answers; the form shows where it stands."),
    ("sent.back", "Back to the form"),
    // The owner's page (`/admin`).
    ("admin.title", "owner"),
    ("admin.heading", "{app}: every submission"),
    ("admin.token", "Owner's token (OUTBOX_ADMIN_TOKEN)"),
    ("admin.sign_in", "Sign in"),
    ("admin.wrong_token", "That is not the owner's token."),
    ("admin.too_many", "Too many sign-in attempts from this address: try again in {seconds} s."),
    ("admin.not_forwarded", "Not forwarded: the receiver refused them"),
    ("admin.attempt", " (attempt {n}): "),
    ("admin.forms", "Forms: "),
    ("admin.export_csv", "Export all (CSV)"),
    ("admin.export_ndjson", "Export all (NDJSON)"),
    ("admin.sign_out", "Sign out"),
    ("admin.empty", "No submissions."),
    ("admin.image", "Image"),
    ("admin.received", "Received"),
    ("admin.pressed", "Pressed"),
    ("admin.attempts", "Attempt"),
    ("admin.id", "Id"),
    ("admin.delete", "Delete"),
    ("admin.delete_label", "delete the submission {id}"),
    ("admin.newest", "Newest"),
    ("admin.older", "Older"),
    ("admin.image_one", "the submission's image"),
    ("admin.image_many", "the submission's image {i} of {n}"),
    // Why a field was refused (the server's words).
    ("field.required", "a value is required"),
    ("field.unknown", "this form has no such field"),
    ("field.not_a_choice", "\"{given}\" is not one of the choices"),
    ("field.not_a_choice_of", "\"{given}\" is not one of the choices ({choices})"),
    ("field.at_least", "at least {n}"),
    ("field.at_most", "at most {n}"),
    ("field.not_whole", "{given} is not a whole number"),
    ("field.not_number", "{given} is not a number"),
    ("field.not_yes_no", "{given} is not yes or no"),
    ("field.not_text", "{given} is not a text"),
    ("field.not_a_date", "not a date this form reads (such as 2026-12-04)"),
];

/// The library's texts in Simplified Chinese, by key.
const CHINESE: &[(&str, &str)] = &[
    ("list.heading", "你的提交"),
    ("list.hint", "保存在此浏览器中：等待发送的内容保留到服务器收到为止，已发送的保留 30 天。其他人看不到。"),
    ("list.more", "还有 {n} 条在等待"),
    ("state.saving", "正在保存…"),
    ("state.queued", "已保存在此设备上"),
    ("state.sending", "正在发送…"),
    ("state.waiting", "已保存在此设备上，服务器响应后发送"),
    ("state.refused", "未被接受：{reason}"),
    ("state.not_sent", "未发送：{reason}"),
    ("state.expired", "未能及时发送：{reason}"),
    ("state.sent", "已发送"),
    ("state.detail", "第 {attempt} 次尝试，下次于 {time}：{reason}"),
    ("state.not_taken", "此页面未能把它交给 service worker（已尝试 {n} 次）：它没有保存，请重新发送"),
    ("action.retry", "重新发送"),
    ("action.discard", "丢弃"),
    ("attachment.one", "，附 {file}（{size}）"),
    ("attachment.many", "，附 {n} 张图片（{names}；{size}）"),
    ("image.sent_one", "随「{name}」发送的图片"),
    ("image.sent_many", "随「{name}」发送的第 {i} 张图片（共 {n} 张）"),
    ("images.label", "图片（可选）"),
    ("images.hint", "最多 {max} 张：PNG、JPEG、WebP 或 GIF，每张不超过 {size}"),
    ("images.too_many", "你选了 {n} 张图片；一次提交最多 {max} 张。请少选一些。"),
    ("images.too_large", "{name} 有 {size}；服务器只接受不超过 {max} 的图片。请选一张小一些的。"),
    ("images.preview", "已选的图片 {name}"),
    ("badge.offline", "离线"),
    ("badge.offline_title", "你发送的内容会保存在此浏览器中，网络恢复后发出"),
    ("notice.new_version", "此应用已更新到新版本；等待发送的内容都已保留。"),
    ("notice.reload", "重新加载以打开新页面"),
    (
        "notice.storage",
        "此浏览器可能在空间不足时清除等待发送的内容（它没有授予持久存储）。请尽快再次打开此应用，或安装它。",
    ),
    ("notice.no_worker", "此页面无法在离线时保存你发送的内容：{reason}"),
    ("notice.no_service_workers", "此浏览器在这里不提供 service worker（需要 https 或 localhost）"),
    ("notice.not_controlled", "service worker 没有接管此页面；请重新加载"),
    ("developer.summary", "开发者详情"),
    ("developer.reading", "正在从 service worker 读取待发送队列…"),
    ("developer.ping", "不带数据的同步"),
    ("developer.ping_registered", "已登记不带数据的同步（{tag}）"),
    ("developer.ping_failed", "无法登记不带数据的同步：{reason}"),
    ("developer.background_sync", "模式：Background Sync（网络恢复后由浏览器发送等待的内容，即使此页面已关闭）。"),
    ("developer.fallback", "模式：后备方式，此浏览器没有 Background Sync（打开此页面或网络恢复时发送等待的内容）。"),
    ("developer.online", "Worker 的网络：在线。"),
    ("developer.offline", "Worker 的网络：离线。"),
    ("developer.counts", "待发送队列：{waiting} 条等待，{failed} 条失败，{expired} 条过期"),
    ("sent.title", "已发送"),
    ("sent.title_queued", "已保存在此设备上"),
    ("sent.stored", "已保存"),
    ("sent.repeated", "此前已保存"),
    ("sent.received", "接收于"),
    ("sent.not_stored", "未保存：{reason}"),
    ("sent.queued", "无法连接服务器。你发送的内容已保存在此设备上，服务器响应后就会发出；表单页面会显示它的进展。"),
    ("sent.back", "返回表单"),
    ("admin.title", "所有者"),
    ("admin.heading", "{app}：所有提交"),
    ("admin.token", "所有者令牌（OUTBOX_ADMIN_TOKEN）"),
    ("admin.sign_in", "登录"),
    ("admin.wrong_token", "这不是所有者的令牌。"),
    ("admin.too_many", "此地址的登录尝试过多：请在 {seconds} 秒后再试。"),
    ("admin.not_forwarded", "未转发：接收方拒绝了它们"),
    ("admin.attempt", "（第 {n} 次尝试）："),
    ("admin.forms", "表单："),
    ("admin.export_csv", "全部导出（CSV）"),
    ("admin.export_ndjson", "全部导出（NDJSON）"),
    ("admin.sign_out", "退出登录"),
    ("admin.empty", "没有提交。"),
    ("admin.image", "图片"),
    ("admin.received", "接收时间"),
    ("admin.pressed", "提交时间"),
    ("admin.attempts", "尝试次数"),
    ("admin.id", "编号"),
    ("admin.delete", "删除"),
    ("admin.delete_label", "删除提交 {id}"),
    ("admin.newest", "最新"),
    ("admin.older", "更早"),
    ("admin.image_one", "此提交的图片"),
    ("admin.image_many", "此提交的第 {i} 张图片（共 {n} 张）"),
    ("field.required", "必须填写"),
    ("field.unknown", "此表单没有这个字段"),
    ("field.not_a_choice", "“{given}”不是可选项之一"),
    ("field.not_a_choice_of", "“{given}”不是可选项之一（{choices}）"),
    ("field.at_least", "不能小于 {n}"),
    ("field.at_most", "不能大于 {n}"),
    ("field.not_whole", "{given} 不是整数"),
    ("field.not_number", "{given} 不是数字"),
    ("field.not_yes_no", "{given} 不是“是”或“否”"),
    ("field.not_text", "{given} 不是文本"),
    ("field.not_a_date", "不是本表单能读的日期（例如 2026-12-04）"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_has_every_text_english_has_and_no_other() {
        fn keys(texts: &[(&'static str, &'static str)]) -> Vec<&'static str> {
            texts.iter().map(|(k, _)| *k).collect()
        }
        assert_eq!(keys(CHINESE), keys(ENGLISH));
        for ((key, english), (_, chinese)) in ENGLISH.iter().zip(CHINESE) {
            let blanks = |text: &str| {
                text.split('{').skip(1).map(|s| s.split('}').next().unwrap().to_string()).collect::<Vec<_>>()
            };
            let (mut e, mut c) = (blanks(english), blanks(chinese));
            e.sort();
            c.sort();
            assert_eq!(e, c, "{key}: the same blanks in both");
        }
    }

    #[test]
    fn every_key_the_library_reads_has_a_text() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.clone()];
        let mut read = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            let calls = code
                .match_indices("t(\"")
                .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
            for used in calls.map(|(at, _)| code[at + 3..].split('"').next().unwrap()) {
                if used.contains('.') && !used.contains(' ') {
                    assert!(ENGLISH.iter().any(|(k, _)| *k == used), "{}: no text for {used:?}", path.display());
                    read += 1;
                }
            }
        }
        assert!(read >= 15, "the library's keys were found ({read})");
    }

    #[test]
    fn a_language_of_the_apps_falls_back_to_english_and_overrides_by_key() {
        let french = Language::new("fr", &[("state.sent", "envoyé")]).with(&[("app.send", "Envoyer")]);
        assert_eq!(french.get("state.sent"), Some("envoyé"));
        assert_eq!(french.get("state.queued"), None);
        let complete = french.complete();
        let text = |key| complete.iter().rev().find(|(k, _)| *k == key).map(|(_, t)| *t);
        assert_eq!(text("state.queued"), Some("saved on this device"));
        assert_eq!(text("state.sent"), Some("envoyé"));
        assert_eq!(text("app.send"), Some("Envoyer"));
        assert_eq!(Language::chinese().with(&[("state.sent", "发出了")]).get("state.sent"), Some("发出了"));
    }

    #[test]
    fn blanks_are_filled_by_name() {
        let filled = fill("image {i} of {n} sent with {name}", &[("{i}", "2"), ("{n}", "3"), ("{name}", "x")]);
        assert_eq!(filled, "image 2 of 3 sent with x");
        assert_eq!(fill("{a}{a} {missing} {", &[("{a}", "é")]), "éé {missing} {");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_browser_asks_and_the_best_offered_language_answers() {
        assert_eq!(for_request(Some("zh-CN,zh;q=0.9,en;q=0.8")).tag(), "zh-CN");
        assert_eq!(for_request(Some("zh")).tag(), "zh-CN");
        assert_eq!(for_request(Some("zh-Hans-CN")).tag(), "zh-CN");
        assert_eq!(for_request(Some("en-GB,zh;q=0.5")).tag(), "en");
        assert_eq!(for_request(Some("fr, zh;q=0.3")).tag(), "zh-CN", "French is not offered: the next wanted is");
        assert_eq!(for_request(Some("fr")).tag(), "en", "none wanted is offered: the default");
        assert_eq!(for_request(Some("zh;q=0, en")).tag(), "en", "q=0 is not wanted");
        assert_eq!(for_request(None).tag(), "en");
    }
}
