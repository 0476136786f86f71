use super::*;

fn read_str(text: &str, options: &Options) -> Result<Sheet, ReadError> {
    read(text.as_bytes(), options)
}

fn bad(text: &str, options: &Options) -> String {
    match read_str(text, options) {
        Err(ReadError::Cell(c)) => c.to_string(),
        other => panic!("not a bad cell: {other:?}"),
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const EXPORT: &str =
    "\u{feff}Invoice #,Customer Name,Invoice Date,Due Date,Total,Amount Paid,Date Paid,Currency,Status\r\n\
INV-1001,Acme Corp,2026-10-01,2026-10-31,\"1,500.00\",500.00,2026-11-05,USD,Partial\r\n\
INV-1002,globex,2026-10-03,,980,,,,Sent\r\n\
,,,,,,,,\r\n\
\"INV-1003\",\"Globex, Inc.\",2026-10-05,2026-11-04,$250.50,0.00,,usd,Draft\r\n";

#[test]
fn lines_counted_as_they_go_are_those_counted_from_the_start() {
    let text = "Invoice #,Client,Issued,Amount\r\nA-1,acme,2026-10-01,1\r\n\r\n\nA-2,\"Acme\r\nCorp\",2026-10-01,2\n\
                A-3,acme,2026-10-01,3\r\n,,,\r\n\"A-4\",\"x\n\ny\",2026-10-01,4\nA-5,acme,2026-10-01,5";
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let (mut lines, mut counted, mut recounted) = (Lines::default(), Vec::new(), Vec::new());
    for record in reader.byte_records() {
        let at = record.unwrap().position().unwrap().byte();
        counted.push(lines.at(bytes, at));
        recounted.push(bytes[..record_start(bytes, at)].split(|&b| b == b'\n').count());
    }
    assert_eq!(counted, [1, 2, 5, 7, 8, 9, 12]);
    assert_eq!(counted, recounted);
    let sheet = read_str(text, &Options::default()).unwrap();
    assert_eq!(sheet.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5, 7, 9, 12]);
}

#[test]
fn an_export_is_read_row_by_row_with_its_lines() {
    let sheet = read_str(EXPORT, &Options::default()).unwrap();
    assert_eq!(sheet.columns.header(Key::Amount), Some("Total"));
    let lines: Vec<usize> = sheet.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    let first = &sheet.rows[0];
    assert_eq!(first.number, "INV-1001");
    assert_eq!(first.client, "Acme Corp");
    assert_eq!(first.amount.in_currency(Currency::USD), Ok(crate::values::Money(150_000)));
    assert_eq!(first.amount.label, "Total");
    assert_eq!((first.issued, first.due), (d("2026-10-01"), Some(d("2026-10-31"))));
    assert_eq!(first.paid.as_ref().map(|p| p.text.as_str()), Some("500.00"));
    assert_eq!(first.paid_on, Some(d("2026-11-05")));
    assert_eq!(first.currency, Some(Currency::USD));
    let second = &sheet.rows[1];
    assert_eq!((second.due, second.paid.is_none(), second.currency), (None, true, None));
    let third = &sheet.rows[2];
    assert_eq!(third.client, "Globex, Inc.");
    assert_eq!(third.amount.currency, Some(Currency::USD));
    assert!(third.paid.is_none(), "a paid amount of zero is no payment");
}

#[test]
fn semicolons_comma_decimals_and_slashed_dates() {
    let text = "Invoice;Client;Date;Due;Amount;Paid;Paid On\n\
                2026-7;acme;10/01/2026;10/31/2026;1.234,56;234,56;11/05/2026\n";
    let options = Options { numbers: Numbers::Dot, ..Options::default() };
    let sheet = read_str(text, &options).unwrap();
    let row = &sheet.rows[0];
    assert_eq!(row.amount.in_currency(Currency::EUR), Ok(crate::values::Money(123_456)));
    assert_eq!((row.issued, row.paid_on), (d("2026-10-01"), Some(d("2026-11-05"))));
    // Day first when told.
    let text = "Invoice\tClient\tDate\tAmount\n7\tacme\t01/10/2026\t12\n";
    let options = Options { dates: DateOrder::DayFirst, ..Options::default() };
    assert_eq!(read_str(text, &options).unwrap().rows[0].issued, d("2026-10-01"));
}

#[test]
fn bad_cells_name_their_line_and_column() {
    let o = Options::default();
    let head = "Invoice #,Customer,Invoice Date,Due Date,Total,Amount Paid,Date Paid\n";
    let case = |row: &str| bad(&format!("{head}INV-1,acme,2026-10-01,2026-10-31,100,,\n{row}\n"), &o);
    assert_eq!(
        case("INV-2,acme,2026-10-01,,twelve,,"),
        "line 3, column \"Total\": \"twelve\": expected an amount like 1500, 1500.50 or 1,500.50"
    );
    assert_eq!(
        case("INV-2,acme,2026-10-01,,\"1500,50\",,"),
        "line 3, column \"Total\": \"1500,50\": expected an amount like 1500, 1500.50 or 1,500.50"
    );
    assert_eq!(
        case("INV-2,acme,10/01/26,,100,,"),
        "line 3, column \"Invoice Date\": \"10/01/26\": expected a date as YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY, e.g. 2026-11-30"
    );
    assert_eq!(case("INV 2,acme,2026-10-01,,100,,"), "line 3, column \"Invoice #\": \"INV 2\": expected up to 40 letters, digits and - _ . / # (not starting with .), e.g. INV-0042");
    assert_eq!(
        case(",acme,2026-10-01,,100,,"),
        "line 3, column \"Invoice #\": empty: expected an invoice number, e.g. INV-0042"
    );
    assert_eq!(
        case("INV-2,,2026-10-01,,100,,"),
        "line 3, column \"Customer\": empty: expected a client's handle or name"
    );
    assert_eq!(
        case("INV-2,acme,2026-10-01,,100,40,"),
        "line 3, column \"Date Paid\": empty, but \"Amount Paid\" is \"40\": a payment needs its date"
    );
    assert_eq!(case("INV-2,acme,2026-10-01,,100,,,extra"), "line 3: 8 cells, but the header has 7 columns");
    let e = read_str(&format!("{head}INV-2,acme,13/01/2026,,100,,\n"), &o);
    assert!(matches!(e, Err(ReadError::Cell(BadCell { line: 2, day_first: true, .. }))), "{e:?}");
    // A line break inside quotes: the record's line is where it starts.
    assert_eq!(
        bad(&format!("{head}\"INV-1\",\"Acme\nCorp\",2026-10-01,,100,,\nINV-2,acme,x,,1,,\n"), &o),
        "line 4, column \"Invoice Date\": \"x\": expected a date as YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY, e.g. 2026-11-30"
    );
    // Without a column of payment dates.
    assert_eq!(
        bad("Invoice,Client,Date,Total,Paid\nINV-1,acme,2026-10-01,100,100\n", &o),
        "line 2, column \"Paid\": \"100\" paid, but the file has no column of payment dates (Paid On, Payment Date, Date Paid); name yours with --column paid_on=HEADER"
    );
    assert_eq!(bad("", &o), "line 1: the file is empty: expected a header row");
}

#[test]
fn a_cell_that_is_not_utf8_is_refused() {
    let bytes = b"Invoice,Client,Date,Total\nINV-1,Caf\xe9,2026-10-01,100\n";
    match read(bytes, &Options::default()) {
        Err(ReadError::Cell(c)) => {
            assert_eq!(c.to_string(), "line 2, column \"Client\": not UTF-8 text (save the file as UTF-8)");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hostile_cell_is_quoted_short_and_escaped() {
    let long = format!("\u{1b}[31m{}", "9".repeat(200));
    let text = format!("Invoice,Client,Date,Total\nINV-1,acme,2026-10-01,{long}\n");
    let message = bad(&text, &Options::default());
    assert!(message.starts_with("line 2, column \"Total\": \"\\u{1b}[31m999"), "{message}");
    assert!(message.contains("…: expected"), "{message}");
    assert!(!message.contains('\u{1b}'));
}

#[test]
fn the_separator_is_the_header_line_s() {
    assert_eq!(separator(b"a,b,c"), b',');
    assert_eq!(separator(b"a;b;c"), b';');
    assert_eq!(separator(b"\"a;b\",c"), b',');
    assert_eq!(separator(b"a\tb\tc"), b'\t');
    assert_eq!(separator(b"abc"), b',');
}
