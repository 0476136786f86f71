//! The first look at an `.ics` text: content lines (after unfolding) and
//! BEGIN/END nesting, so that an error names the physical line of the first
//! problem before the parser sees the text.

use crate::values::ParseError;

/// Checks the content lines (after unfolding) and the BEGIN/END nesting,
/// naming the physical line of the first problem.
pub(super) fn check_lines(text: &str) -> Result<(), ParseError> {
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix([' ', '\t']) {
            match logical.last_mut() {
                Some((_, prev)) => prev.push_str(rest),
                None => {
                    return Err(ParseError::new(format!(
                        "not an iCalendar file: line {} starts with a space",
                        i + 1
                    )))
                }
            }
        } else {
            logical.push((i + 1, line.to_string()));
        }
    }
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut seen_begin = false;
    for (n, line) in &logical {
        if line.trim().is_empty() {
            continue;
        }
        if !seen_begin && !line.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") {
            return Err(ParseError::new("not an iCalendar file: expected it to start with BEGIN:VCALENDAR"));
        }
        let name_end = line.find([':', ';']).unwrap_or(line.len());
        let name = &line[..name_end];
        let valid_name = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && line.contains(':');
        if !valid_name {
            let shown: String = line.chars().take(40).collect();
            return Err(ParseError::new(format!(
                "not a valid iCalendar file: line {n} \"{shown}\" is not a NAME:VALUE line"
            )));
        }
        let value = line.split_once(':').map_or("", |(_, v)| v).trim();
        if name.eq_ignore_ascii_case("BEGIN") {
            seen_begin = true;
            open.push((*n, value.to_ascii_uppercase()));
        } else if name.eq_ignore_ascii_case("END") {
            match open.pop() {
                Some((_, b)) if b == value.to_ascii_uppercase() => {}
                Some((bn, b)) => {
                    return Err(ParseError::new(format!(
                    "not a valid iCalendar file: line {n} END:{value} does not close BEGIN:{b} of line {bn}"
                )))
                }
                None => {
                    return Err(ParseError::new(format!(
                        "not a valid iCalendar file: line {n} END:{value} has no BEGIN"
                    )))
                }
            }
        } else if open.is_empty() {
            return Err(ParseError::new(format!(
                "not a valid iCalendar file: line {n} is after the END of the calendar"
            )));
        }
    }
    if !seen_begin {
        return Err(ParseError::new("not an iCalendar file: expected it to start with BEGIN:VCALENDAR"));
    }
    if let Some((bn, b)) = open.last() {
        return Err(ParseError::new(format!(
            "not a valid iCalendar file: BEGIN:{b} of line {bn} has no END"
        )));
    }
    Ok(())
}
