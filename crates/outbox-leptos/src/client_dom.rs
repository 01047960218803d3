//! Parts of the page that only the browser ever fills (the person's list, the picked photos'
//! previews, the worker's details), built with the DOM directly. The server renders them empty,
//! so they never hydrate. As Leptos views they cost the page's wasm 14 KB gzip more (every view
//! type brings its own build and rebuild code: the list's lines 6.9 KB, the previews 4.3, the
//! details 2.7, measured). Text always goes in as text nodes, never as HTML.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a page has a document")
}

/// An element being built: `Node::new("li").class("sent").attr("data-id", id).text("…")`.
pub struct Node(Element);

impl Node {
    pub fn new(tag: &str) -> Self {
        Self(document().create_element(tag).expect("a known element name"))
    }

    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn class(self, class: &str) -> Self {
        self.0.set_class_name(class);
        self
    }

    /// Appends `text` as a text node.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn child(self, child: Node) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends `child` when there is one.
    pub fn child_if(self, child: Option<Node>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// A copy of the page's own form control named `field` (a select with its choices, a textarea,
    /// a number with its bounds), without its id, holding `value` as its initial value (so a line
    /// drawn again is equal to the one shown, whose edits stay); `None` when the page's forms have
    /// no such control.
    pub fn copy_of_control(field: &str, value: &str) -> Option<Self> {
        // The page's own form posts (`OutboxForm`); the list's edit boxes sit in forms that do not.
        let control = document().query_selector(&format!("form[method=post] [name=\"{field}\"]")).ok()??;
        let copy = Self(control.clone_node_with_deep(true).ok()?.unchecked_into());
        let _ = copy.0.remove_attribute("id");
        let kind = (copy.0.local_name(), copy.0.get_attribute("type"));
        // The choice or the ticked box as an attribute, like a typed value: a line drawn again is
        // then equal to the one shown.
        let (chosen, attribute) = match (kind.0.as_str(), kind.1.as_deref()) {
            ("textarea", _) => return Some(copy.text(value)),
            ("select", _) => (copy.0.query_selector(&format!("option[value=\"{value}\"]")).ok()?, "selected"),
            (_, Some("checkbox")) => ((value == "on").then(|| copy.0.clone()), "checked"),
            _ => return Some(copy.attr("value", value)),
        };
        if let Some(chosen) = chosen {
            let _ = chosen.set_attribute(attribute, "");
        }
        Some(copy)
    }

    pub fn element(self) -> Element {
        self.0
    }
}

/// Says on the document's root element that the page is hydrated (`<html data-hydrated="true">`):
/// what a test or a script waits for, with no attribute of the app's own to keep.
pub fn mark_hydrated() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// The page's element with this `id`, once the page is in the browser.
pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// Draws what `elements` builds into the page's element `id` once the page is hydrated, and again
/// whenever a signal it reads changes (`None`: leave what is there). Every place drawn this way
/// shares one effect (an effect per place cost the page's wasm about 1 KB gzip each, measured).
pub fn draw(id: &'static str, elements: impl Fn() -> Option<Vec<Element>> + 'static) {
    draw_boxed(id, Box::new(elements));
}

fn draw_boxed(id: &'static str, elements: Box<dyn Fn() -> Option<Vec<Element>>>) {
    leptos::prelude::Effect::new(move |_| {
        if let (Some(elements), Some(place)) = (elements(), by_id(id)) {
            show(&place, elements);
        }
    });
}

/// Shows `elements` in `place`, in order. One equal to an element shown (`isEqualNode`: the same
/// attributes and text) keeps the shown one in its place, so an edit box keeps what the person
/// typed, and its focus, while other lines change. The element shown at the same place is
/// compared first: a redraw that changed little compares each element once.
fn show(place: &Element, elements: Vec<Element>) {
    let shown = place.children();
    let shown: Vec<Element> = (0..shown.length()).filter_map(|i| shown.item(i)).collect();
    let count = elements.len() as u32;
    for (at, built) in elements.into_iter().enumerate() {
        let equal = |old: &&Element| old.is_equal_node(Some(&built));
        let kept = shown.get(at).filter(equal).or_else(|| shown.iter().find(equal)).cloned();
        let element = kept.unwrap_or(built);
        let current = place.children().item(at as u32);
        if current.as_ref() != Some(&element) {
            let _ = place.insert_before(&element, current.as_ref().map(|c| c.as_ref()));
        }
    }
    while let Some(extra) = place.children().item(count) {
        extra.remove();
    }
}

/// The element `target` (an event's) is in, or is, matching `selector`.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest(selector).ok()?
}
