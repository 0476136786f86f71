//! Which column of an invoicing program's export holds what (SPEC 10): the
//! keys `import-invoices` reads, the header names each is known by
//! (compared case-insensitively, surrounding spaces ignored), and the
//! matching of a file's header row against them, with the headers a user
//! names for a key (`--column KEY=HEADER`) taking precedence.

use std::fmt;

use crate::values::ParseError;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Number,
    Client,
    Amount,
    Issued,
    Due,
    Paid,
    PaidOn,
    Currency,
}

impl Key {
    /// Every key, in the order columns are looked for.
    pub const ALL: [Key; 8] =
        [Key::Number, Key::Client, Key::Amount, Key::Issued, Key::Due, Key::Paid, Key::PaidOn, Key::Currency];

    /// The keys every file must have a column for.
    pub const REQUIRED: [Key; 4] = [Key::Number, Key::Client, Key::Amount, Key::Issued];

    /// The key as typed in `KEY=HEADER`: `number`, `paid_on`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Number => "number",
            Key::Client => "client",
            Key::Amount => "amount",
            Key::Issued => "issued",
            Key::Due => "due",
            Key::Paid => "paid",
            Key::PaidOn => "paid_on",
            Key::Currency => "currency",
        }
    }

    /// The header names a column of this key is found by (SPEC 10), besides
    /// the key's own name.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Key::Number => &["Invoice", "Invoice Number", "Invoice #", "Number"],
            Key::Client => &["Client", "Client Name", "Customer", "Customer Name"],
            Key::Amount => &["Amount", "Total", "Invoice Total"],
            Key::Issued => &["Date", "Invoice Date", "Issue Date", "Issued"],
            Key::Due => &["Due", "Due Date"],
            Key::Paid => &["Paid", "Amount Paid"],
            Key::PaidOn => &["Paid On", "Payment Date", "Date Paid"],
            Key::Currency => &["Currency"],
        }
    }

    /// Parses a key (`paid_on`, also `paid-on`; any case).
    pub fn parse(s: &str) -> Result<Key, ParseError> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Key::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            ParseError::new(
                "expected number, client, amount, issued, due, paid, paid_on or currency, e.g. amount=Sum",
            )
        })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A header as compared: trimmed and lower-cased.
fn folded(header: &str) -> String {
    header.trim().to_lowercase()
}

/// Why a header row cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnError {
    /// No column for a key the file needs.
    Missing(Key),
    /// A header named for a key is not in the file (whose headers are
    /// given).
    NotInFile { key: Key, header: String, headers: Vec<String> },
    /// Several columns could be the key's.
    Ambiguous { key: Key, headers: Vec<String> },
}

/// The columns of one file: which holds each key, and the headers as the
/// file writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The header row as written.
    pub headers: Vec<String>,
    index: [Option<usize>; 8],
}

impl Columns {
    /// Finds each key's column in `headers`: the one `named` for it, else
    /// the one header among its aliases; a column taken by one key is not
    /// another's.
    pub fn find(headers: Vec<String>, named: &[(Key, String)]) -> Result<Columns, ColumnError> {
        let folded_headers: Vec<String> = headers.iter().map(|h| folded(h)).collect();
        let mut index = [None; 8];
        let mut taken = vec![false; headers.len()];
        for (key, header) in named {
            let want = folded(header);
            let at: Vec<usize> = (0..headers.len()).filter(|&i| folded_headers[i] == want).collect();
            match at.as_slice() {
                [] => {
                    return Err(ColumnError::NotInFile { key: *key, header: header.clone(), headers });
                }
                [i] => {
                    index[*key as usize] = Some(*i);
                    taken[*i] = true;
                }
                _ => {
                    let headers = at.iter().map(|&i| headers[i].clone()).collect();
                    return Err(ColumnError::Ambiguous { key: *key, headers });
                }
            }
        }
        for key in Key::ALL {
            if index[key as usize].is_some() {
                continue;
            }
            let aliases: Vec<String> = key.aliases().iter().map(|a| folded(a)).collect();
            let at: Vec<usize> = (0..headers.len())
                .filter(|&i| {
                    !taken[i] && (aliases.contains(&folded_headers[i]) || folded_headers[i] == key.as_str())
                })
                .collect();
            match at.as_slice() {
                [] => {}
                [i] => {
                    index[key as usize] = Some(*i);
                    taken[*i] = true;
                }
                _ => {
                    let headers = at.iter().map(|&i| headers[i].clone()).collect();
                    return Err(ColumnError::Ambiguous { key, headers });
                }
            }
        }
        if let Some(key) = Key::REQUIRED.into_iter().find(|k| index[*k as usize].is_none()) {
            return Err(ColumnError::Missing(key));
        }
        Ok(Columns { headers, index })
    }

    /// The position of `key`'s column, if the file has one.
    pub fn position(&self, key: Key) -> Option<usize> {
        self.index[key as usize]
    }

    /// The header of `key`'s column as the file writes it.
    pub fn header(&self, key: Key) -> Option<&str> {
        self.position(key).map(|i| self.headers[i].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn columns_are_found_by_any_alias_in_any_case() {
        let c = Columns::find(
            headers(&[
                "Invoice #",
                "customer name",
                "INVOICE DATE",
                " Due Date ",
                "Total",
                "Amount Paid",
                "Date Paid",
                "Currency",
                "Status",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(c.header(Key::Number), Some("Invoice #"));
        assert_eq!(c.header(Key::Client), Some("customer name"));
        assert_eq!(c.header(Key::Issued), Some("INVOICE DATE"));
        assert_eq!(c.header(Key::Due), Some(" Due Date "));
        assert_eq!(c.header(Key::Amount), Some("Total"));
        assert_eq!(c.header(Key::Paid), Some("Amount Paid"));
        assert_eq!(c.header(Key::PaidOn), Some("Date Paid"));
        assert_eq!(c.position(Key::Currency), Some(7));
        // The keys themselves, as `expect invoices --format csv` writes them.
        let c = Columns::find(headers(&["number", "client", "amount", "issued", "paid_on"]), &[]).unwrap();
        assert_eq!(c.header(Key::PaidOn), Some("paid_on"));
        assert_eq!(c.position(Key::Due), None);
        // Every other alias of SPEC 10, each in another case.
        let cases: &[(&[&str], [Option<usize>; 5])] = &[
            // number, client, issued, amount, paid_on
            (
                &["Number", "Client Name", "Issued", "Invoice Total", "Paid On"],
                [Some(0), Some(1), Some(2), Some(3), Some(4)],
            ),
            (
                &["invoice number", "CUSTOMER", "Issue Date", "amount", "payment date"],
                [Some(0), Some(1), Some(2), Some(3), Some(4)],
            ),
            (&["Total", "invoice", "date", "client"], [Some(1), Some(3), Some(2), Some(0), None]),
        ];
        for (h, [number, client, issued, amount, paid_on]) in cases {
            let c = Columns::find(headers(h), &[]).unwrap_or_else(|e| panic!("{h:?}: {e:?}"));
            assert_eq!(
                [Key::Number, Key::Client, Key::Issued, Key::Amount, Key::PaidOn].map(|k| c.position(k)),
                [*number, *client, *issued, *amount, *paid_on],
                "{h:?}"
            );
        }
    }

    #[test]
    fn named_columns_come_first_and_take_their_header() {
        let named = [(Key::Amount, "sum".to_string()), (Key::Issued, "Date".to_string())];
        let c = Columns::find(headers(&["Ref", "Who", "Date", "Sum", "Number", "Client"]), &named).unwrap();
        assert_eq!(c.header(Key::Amount), Some("Sum"));
        assert_eq!(c.header(Key::Number), Some("Number"));
        let named = [(Key::Number, "Ref".to_string()), (Key::Due, "Date".to_string())];
        let c = Columns::find(headers(&["Ref", "Client", "Date", "Total", "Invoice Date"]), &named).unwrap();
        assert_eq!(c.header(Key::Due), Some("Date"));
        assert_eq!(c.header(Key::Issued), Some("Invoice Date"));
    }

    #[test]
    fn missing_unknown_and_ambiguous_columns_are_refused() {
        assert_eq!(
            Columns::find(headers(&["Invoice", "Client", "Date"]), &[]),
            Err(ColumnError::Missing(Key::Amount))
        );
        assert_eq!(
            Columns::find(headers(&["Invoice"]), &[(Key::Amount, "Sum".into())]),
            Err(ColumnError::NotInFile {
                key: Key::Amount,
                header: "Sum".into(),
                headers: headers(&["Invoice"])
            })
        );
        assert_eq!(
            Columns::find(headers(&["Invoice", "Client", "Date", "Invoice Date", "Total"]), &[]),
            Err(ColumnError::Ambiguous { key: Key::Issued, headers: headers(&["Date", "Invoice Date"]) })
        );
        assert_eq!(Key::parse("Paid-On"), Ok(Key::PaidOn));
        assert!(Key::parse("price").is_err());
    }
}
