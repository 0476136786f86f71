//! The rules that tie mail to threads and clients (SPEC sections 5 and 12):
//! a subject without its reply and forward prefixes, the domain of an
//! address, and the public mail providers whose domains belong to no client.

/// The reply and forward prefixes taken off a subject: English `Re`, `Fwd`,
/// `Fw` and German `AW` (Antwort), `WG` (Weitergeleitet).
const PREFIXES: [&str; 5] = ["re", "fwd", "fw", "aw", "wg"];

/// Public mail providers: an address there says nothing about its client.
const PUBLIC_DOMAINS: &[&str] = &[
    "aol.com",
    "fastmail.com",
    "fastmail.fm",
    "free.fr",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.fr",
    "icloud.com",
    "laposte.net",
    "libero.it",
    "live.com",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "orange.fr",
    "outlook.com",
    "outlook.de",
    "pm.me",
    "posteo.de",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "t-online.de",
    "tutanota.com",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.de",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// A subject as threads compare it: every leading `Re:`, `Fwd:`, `Fw:`,
/// `AW:` or `WG:` taken off, in any case, also with a count (`Re[2]:`,
/// `Re(2):`) or a space before the colon (`RE :`); then trimmed, runs of
/// whitespace made one space, and case folded.
pub fn thread_subject(subject: &str) -> String {
    let mut rest = subject.trim_start();
    while let Some(after) = strip_prefix(rest) {
        rest = after.trim_start();
    }
    rest.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// `s` after one leading prefix and its colon, or `None` when it has none.
fn strip_prefix(s: &str) -> Option<&str> {
    let word_len = s.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(s.len());
    if !PREFIXES.iter().any(|p| s[..word_len].eq_ignore_ascii_case(p)) {
        return None;
    }
    let mut rest = &s[word_len..];
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            if end == 0 || !inner[..end].chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            rest = &inner[end + 1..];
            break;
        }
    }
    rest.trim_start_matches([' ', '\t']).strip_prefix(':')
}

/// The domain of an e-mail address, in lower case: what follows its last
/// `@`, without a trailing dot; `None` when there is no `@` or nothing
/// after it.
pub fn domain_of(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    (!domain.is_empty()).then(|| domain.to_lowercase())
}

/// Whether `domain` is a public mail provider's (`gmail.com`,
/// `outlook.com`, ...), in any case, exactly: subdomains are not.
pub fn is_public_domain(domain: &str) -> bool {
    let domain = domain.trim().to_ascii_lowercase();
    let domain = domain.strip_suffix('.').unwrap_or(&domain);
    PUBLIC_DOMAINS.binary_search(&domain).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_come_off_repeatedly() {
        let cases = [
            ("Invoice 2026-014", "invoice 2026-014"),
            ("Re: Invoice 2026-014", "invoice 2026-014"),
            ("RE: re: Re:Invoice", "invoice"),
            ("Fwd: FW: fw: Invoice", "invoice"),
            ("AW: WG: Angebot für die Website-Überarbeitung", "angebot für die website-überarbeitung"),
            ("Re[2]: Re(3): RE : Fwd: logo files", "logo files"),
            ("  Re:   Budget   for\tQ1  ", "budget for q1"),
            ("aw:wg:Ä", "ä"),
            ("Re: ", ""),
            ("", ""),
        ];
        for (subject, expected) in cases {
            assert_eq!(thread_subject(subject), expected, "{subject:?}");
        }
    }

    #[test]
    fn lookalikes_stay() {
        let cases = [
            ("Regarding: the budget", "regarding: the budget"),
            ("Re budget", "re budget"),
            ("Fwd - budget", "fwd - budget"),
            ("Re[x]: budget", "re[x]: budget"),
            ("Re[]: budget", "re[]: budget"),
            ("Re[2 budget", "re[2 budget"),
            ("SV: budget", "sv: budget"),
            ("[acme-dev] Re: budget", "[acme-dev] re: budget"),
            ("Budget Re: again", "budget re: again"),
        ];
        for (subject, expected) in cases {
            assert_eq!(thread_subject(subject), expected, "{subject:?}");
        }
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of("Jane@Acme.Example"), Some("acme.example".to_string()));
        assert_eq!(domain_of(" jane@acme.example. "), Some("acme.example".to_string()));
        assert_eq!(domain_of("\"a@b\"@studio.example"), Some("studio.example".to_string()));
        assert_eq!(domain_of("jane"), None);
        assert_eq!(domain_of("jane@"), None);
    }

    #[test]
    fn public_domains() {
        for public in
            ["gmail.com", "GMail.COM", "outlook.com", "gmx.de", "t-online.de", "proton.me", "yahoo.co.uk."]
        {
            assert!(is_public_domain(public), "{public}");
        }
        for private in ["acme.example", "mail.gmail.com", "gmail.com.acme.example", "studio.example", ""] {
            assert!(!is_public_domain(private), "{private}");
        }
    }

    #[test]
    fn the_list_is_sorted_and_lower_case() {
        assert!(PUBLIC_DOMAINS.windows(2).all(|w| w[0] < w[1]));
        assert!(PUBLIC_DOMAINS
            .iter()
            .all(|d| d.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '-')));
        assert_eq!(PUBLIC_DOMAINS.len(), 43);
    }
}
