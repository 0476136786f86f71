//! The sentences of the flags that come by the thousand (two an overdue
//! invoice), written piece by piece straight into the flag's text.

/// A piece of a flag's sentence, written straight into the flag's text
/// by [`sentence!`]: `write!` goes through `core::fmt` a piece at a time,
/// which was a fourteenth of `check`'s work with two flags an overdue
/// invoice. The detectors of many flags a day use it; the others `write!`.
pub trait Piece {
    fn push_to(&self, text: &mut String);
}

impl Piece for str {
    fn push_to(&self, text: &mut String) {
        text.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, text: &mut String) {
        text.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, text: &mut String) {
        (**self).push_to(text);
    }
}

impl Piece for i64 {
    fn push_to(&self, text: &mut String) {
        text.push_str(itoa::Buffer::new().format(*self));
    }
}

impl Piece for u32 {
    fn push_to(&self, text: &mut String) {
        text.push_str(itoa::Buffer::new().format(*self));
    }
}

/// A day as `YYYY-MM-DD`.
impl Piece for chrono::NaiveDate {
    fn push_to(&self, text: &mut String) {
        let mut day = [0u8; 10];
        if crate::values::write_iso_date(*self, &mut day).is_some() {
            // Ten ASCII characters, pushed as they are (no UTF-8 check).
            text.extend(day.iter().map(|&b| char::from(b)));
        } else {
            text.push_str(&self.to_string());
        }
    }
}

/// Writes each piece ([`Piece`]) of a sentence to the end of a `String`.
macro_rules! sentence {
    ($text:expr; $($piece:expr),+ $(,)?) => {{
        let text: &mut String = $text;
        $( $crate::flags::Piece::push_to(&$piece, text); )+
    }};
}
pub(crate) use sentence;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn each_piece_is_written_as_display_writes_it() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let far = NaiveDate::from_ymd_opt(12_345, 1, 2).unwrap();
        let early = NaiveDate::from_ymd_opt(-44, 3, 15).unwrap();
        let owned = String::from("owned");
        let mut text = String::from(">");
        sentence!(&mut text; "a ", owned, " ", &owned, " ", -12i64, " ", i64::MIN, " ", u32::MAX, " ");
        sentence!(&mut text; day, " ", far, " ", early);
        assert_eq!(text, format!(">a owned owned -12 {} {} {day} {far} {early}", i64::MIN, u32::MAX));
        assert!(text.ends_with(" 2026-03-04 +12345-01-02 -0044-03-15"), "{text}");
    }
}
