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

    pub fn element(self) -> Element {
        self.0
    }
}

/// The page's element with this `id`, once the page is in the browser.
pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// Replaces what `parent` holds with `children`, in order.
pub fn replace_children(parent: &Element, children: impl IntoIterator<Item = Element>) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_child(&child);
    }
}

/// The element `target` (an event's) is in, or is, matching `selector`.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest(selector).ok()?
}
