//! Mail that a machine sent and `ingest` skips (SPEC section 12): an
//! `Auto-Submitted` other than `no` (RFC 3834), `Precedence: bulk|list|junk`,
//! a `List-Id` (RFC 2919), and delivery status reports (RFC 3464, 6533).

use mail_parser::{HeaderName, HeaderValue, Message};

use super::message::first_header;

/// Why a message counts as sent by a machine. When several apply, the first
/// in this order is named: a delivery report, `Auto-Submitted`, `List-Id`,
/// `Precedence`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Automatic {
    /// A delivery status report (a bounce or delay warning): `Content-Type`
    /// `multipart/report; report-type=delivery-status`, or the bare
    /// `message/delivery-status` (also their `global-` forms).
    DeliveryReport,
    /// `Auto-Submitted` with a value other than `no`, in lower case without
    /// parameters or comments (`auto-replied`, `auto-generated`).
    AutoSubmitted(String),
    /// A `List-Id`: the list's id (`dev.lists.acme.example`), or the header's
    /// text when it has no `<...>` id.
    ListId(String),
    /// `Precedence: bulk`, `list` or `junk`, in lower case.
    Precedence(String),
}

/// The reason `message` counts as automatic, or `None` for mail a person
/// sent.
pub(super) fn classify(message: &Message<'_>) -> Option<Automatic> {
    if is_delivery_report(message) {
        return Some(Automatic::DeliveryReport);
    }
    if let Some(value) = text(message, "Auto-Submitted").map(|v| first_token(&v)) {
        if !value.is_empty() && value != "no" {
            return Some(Automatic::AutoSubmitted(value));
        }
    }
    if let Some(id) = list_id(message) {
        return Some(Automatic::ListId(id));
    }
    if let Some(value) = text(message, "Precedence").map(|v| first_token(&v)) {
        if matches!(value.as_str(), "bulk" | "list" | "junk") {
            return Some(Automatic::Precedence(value));
        }
    }
    None
}

fn is_delivery_report(message: &Message<'_>) -> bool {
    let Some(ct) = first_header(message, &HeaderName::ContentType) else {
        return false;
    };
    let Some(ct) = ct.value.as_content_type() else {
        return false;
    };
    let is_status = |s: &str| {
        s.eq_ignore_ascii_case("delivery-status") || s.eq_ignore_ascii_case("global-delivery-status")
    };
    let subtype = ct.subtype().unwrap_or_default();
    if ct.ctype().eq_ignore_ascii_case("message") {
        return is_status(subtype);
    }
    ct.ctype().eq_ignore_ascii_case("multipart")
        && subtype.eq_ignore_ascii_case("report")
        && ct.attribute("report-type").is_some_and(is_status)
}

/// The text of the first header called `name`, as `mail-parser` keeps
/// headers it has no parser for (raw, trimmed).
fn text(message: &Message<'_>, name: &str) -> Option<String> {
    match &first_header(message, &HeaderName::from(name))?.value {
        HeaderValue::Text(t) => Some(t.to_string()),
        HeaderValue::TextList(list) => Some(list.join(" ")),
        _ => None,
    }
}

/// `auto-replied` of `Auto-Replied; owner-email="x@y" (comment)`.
fn first_token(value: &str) -> String {
    let end = value.find([';', '(', ' ', '\t', '\r', '\n']).unwrap_or(value.len());
    value[..end].trim().to_ascii_lowercase()
}

fn list_id(message: &Message<'_>) -> Option<String> {
    match &first_header(message, &HeaderName::ListId)?.value {
        HeaderValue::Address(address) => {
            let first = address.first()?;
            first.address.as_deref().or(first.name.as_deref()).map(str::to_string)
        }
        HeaderValue::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        HeaderValue::TextList(list) => list.first().map(ToString::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_headers(headers: &str) -> Option<Automatic> {
        let raw = format!("From: jane@acme.example\n{headers}\n\nbody\n");
        classify(&mail_parser::MessageParser::new().parse_headers(raw.as_bytes()).unwrap())
    }

    #[test]
    fn auto_submitted() {
        let auto = |v: &str| Some(Automatic::AutoSubmitted(v.to_string()));
        assert_eq!(classify_headers("Auto-Submitted: auto-replied"), auto("auto-replied"));
        assert_eq!(classify_headers("AUTO-SUBMITTED: Auto-Generated (vacation)"), auto("auto-generated"));
        assert_eq!(
            classify_headers("Auto-Submitted: auto-notified; owner-email=\"a@b\""),
            auto("auto-notified")
        );
        assert_eq!(classify_headers("Auto-Submitted: no"), None);
        assert_eq!(classify_headers("Auto-Submitted: No (a person wrote this)"), None);
        assert_eq!(classify_headers("Auto-Submitted:"), None);
    }

    #[test]
    fn precedence_and_lists() {
        let prec = |v: &str| Some(Automatic::Precedence(v.to_string()));
        assert_eq!(classify_headers("Precedence: bulk"), prec("bulk"));
        assert_eq!(classify_headers("Precedence: LIST"), prec("list"));
        assert_eq!(classify_headers("Precedence: junk"), prec("junk"));
        assert_eq!(classify_headers("Precedence: first-class"), None);
        assert_eq!(
            classify_headers("List-Id: Acme developers <dev.lists.acme.example>\nPrecedence: list"),
            Some(Automatic::ListId("dev.lists.acme.example".to_string()))
        );
        assert_eq!(
            classify_headers("List-Id: <dev.lists.acme.example>"),
            Some(Automatic::ListId("dev.lists.acme.example".to_string()))
        );
        assert_eq!(classify_headers("List-Unsubscribe: <mailto:leave@acme.example>"), None);
    }

    #[test]
    fn delivery_reports() {
        let report = Some(Automatic::DeliveryReport);
        assert_eq!(
            classify_headers(
                "Auto-Submitted: auto-replied\nContent-Type: multipart/report; report-type=\"delivery-status\";\n\tboundary=\"b\""
            ),
            report
        );
        assert_eq!(
            classify_headers("Content-Type: Multipart/Report; Report-Type=Delivery-Status; boundary=b"),
            report
        );
        assert_eq!(classify_headers("Content-Type: message/delivery-status"), report);
        assert_eq!(classify_headers("Content-Type: message/global-delivery-status"), report);
        assert_eq!(
            classify_headers(
                "Content-Type: multipart/report; report-type=disposition-notification; boundary=b"
            ),
            None
        );
        assert_eq!(classify_headers("Content-Type: multipart/mixed; boundary=b"), None);
        assert_eq!(classify_headers("Content-Type: text/plain"), None);
    }
}
