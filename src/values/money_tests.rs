//! Unit tests of money, percentages, fees and rates.

use super::*;
use crate::values::rate::*;
use crate::values::{Currency, Decimal, Fee, Interest, Percent, Rate, RatePeriod, RateScheme, Statutory};
use proptest::prelude::*;

fn amount(units: i64, currency: &str) -> Amount {
    Currency::parse(currency).unwrap().amount(Money(units))
}

#[test]
fn amounts_are_shown_with_their_currencys_decimals() {
    assert_eq!(amount(150_000, "USD").plain(), "1500.00");
    assert_eq!(amount(7, "USD").plain(), "0.07");
    assert_eq!(amount(0, "EUR").plain(), "0.00");
    assert_eq!(amount(150_000, "JPY").plain(), "150000");
    assert_eq!(amount(12_500, "KWD").plain(), "12.500");
    assert_eq!(amount(-500, "USD").plain(), "-5.00");
    assert_eq!(amount(150_000, "USD").text(Numbers::Comma), "USD 1,500.00");
    assert_eq!(amount(150_000, "JPY").text(Numbers::Comma), "JPY 150,000");
    assert_eq!(amount(1_234_567, "KWD").text(Numbers::Comma), "KWD 1,234.567");
    assert_eq!(amount(123_456_789, "EUR").text(Numbers::Dot), "EUR 1.234.567,89");
    assert_eq!(amount(123_456_789, "EUR").text(Numbers::Space), "EUR 1\u{202F}234\u{202F}567,89");
    assert_eq!(amount(99_999, "USD").text(Numbers::Comma), "USD 999.99");
    assert_eq!(amount(-150_000, "USD").text(Numbers::Comma), "USD -1,500.00");
    assert_eq!(amount(108_116, "EUR").typed(Numbers::Dot), "1081,16");
    assert_eq!(amount(150_000, "JPY").typed(Numbers::Dot), "150000");
    assert_eq!(amount(i64::MIN, "USD").text(Numbers::Comma), "USD -92,233,720,368,547,758.08");
    for (units, code) in
        [(0, "USD"), (0, "JPY"), (5, "KWD"), (i64::MIN, "USD"), (i64::MAX, "JPY"), (-100_000, "EUR")]
    {
        for numbers in [Numbers::Comma, Numbers::Dot, Numbers::Space] {
            let a = amount(units, code);
            assert_eq!(a.text_len(numbers), a.text(numbers).len(), "{units} {code} {numbers:?}");
        }
    }
    assert_eq!(serde_json::to_string(&amount(150_000, "JPY")).unwrap(), "\"150000\"");
    assert_eq!(Money(5).plus(Money(i64::MAX)), Money(i64::MAX));
    assert_eq!(Money(5).less(Money(7)), Money::ZERO);
}

#[test]
fn numbers_styles_read_from_the_config() {
    assert_eq!(Numbers::parse("1,234.56"), Ok(Numbers::Comma));
    assert_eq!(Numbers::parse("1.234,56"), Ok(Numbers::Dot));
    assert_eq!(Numbers::parse("1 234,56"), Ok(Numbers::Space));
    assert!(Numbers::parse("1234.56").is_err());
    assert_eq!(Numbers::Dot.as_str(), "1.234,56");
}

#[test]
fn percent_good_bad_display() {
    let p = |s: &str| s.parse::<Percent>().map(Percent::units);
    assert_eq!(p("5%"), Ok(50_000));
    assert_eq!(p("1.5%"), Ok(15_000));
    assert_eq!(p("12.3456%"), Ok(123_456));
    assert_eq!(p("0.0001%"), Ok(1));
    assert_eq!(p("0%"), Ok(0));
    assert_eq!(p("1000%"), Ok(10_000_000));
    assert_eq!(p(" 50% "), Ok(500_000));
    for bad in [
        "5",
        "%",
        "5 %",
        "-5%",
        "+5%",
        "1.23456%",
        "1000.0001%",
        "1001%",
        "5%%",
        "1,000%",
        ".5%",
        "5.%",
        "",
        "5%/month",
        "99999999999999999999%",
    ] {
        assert_eq!(bad.parse::<Percent>(), Err(ParseError::new(PERCENT_HINT)), "{bad:?}");
    }
    assert_eq!(Percent(50_000).to_string(), "5%");
    assert_eq!(Percent(15_000).to_string(), "1.5%");
    assert_eq!(Percent(123_456).to_string(), "12.3456%");
    assert_eq!(Percent(1).to_string(), "0.0001%");
    assert_eq!(Percent(10_100).to_string(), "1.01%");
    assert_eq!(Percent(0).to_string(), "0%");
    assert_eq!(Percent(-15_000).to_string(), "-1.5%");
}

#[test]
fn percent_of_rounds_half_away_from_zero() {
    assert_eq!(Percent(50_000).of(Money(150_000)), Money(7_500));
    // 1.5% of 0.33 = 0.00495 -> 0.00; of 0.34 = 0.0051 -> 0.01
    assert_eq!(Percent(15_000).of(Money(33)), Money(0));
    assert_eq!(Percent(15_000).of(Money(34)), Money(1));
    // 50% of 0.01 = 0.005 -> 0.01 (half away from zero), and -0.01
    assert_eq!(Percent(500_000).of(Money(1)), Money(1));
    assert_eq!(Percent(500_000).of(Money(-1)), Money(-1));
    assert_eq!(Percent(1_000_000).of(Money(i64::MAX)), Money(i64::MAX));
    assert_eq!(Percent(i64::MAX).of(Money(i64::MAX)), Money(i64::MAX));
    assert_eq!(Percent(i64::MAX).of(Money(i64::MIN)), Money(i64::MIN));
}

#[test]
fn fee_good_bad_display() {
    let f = |s: &str| s.parse::<Fee>();
    assert_eq!(f("5%"), Ok(Fee::Percent(Percent(50_000))));
    assert_eq!(f("25"), Ok(Fee::Flat(Decimal::new(25, 0))));
    assert_eq!(f("25.00"), Ok(Fee::Flat(Decimal::new(2500, 2))));
    assert_eq!(f("1,000"), Ok(Fee::Flat(Decimal::new(1000, 0))));
    assert_eq!(f(" 2.5% "), Ok(Fee::Percent(Percent(25_000))));
    for bad in ["", "5 %", "-25", "25,00", "%", "5%%", "2000%", "twenty", "25 EUR"] {
        assert_eq!(f(bad), Err(ParseError::new(FEE_HINT)), "{bad:?}");
    }
    assert_eq!(Fee::Percent(Percent(50_000)).to_string(), "5%");
    assert_eq!(Fee::Flat(Decimal::new(2500, 2)).to_string(), "25.00");
    assert_eq!(Fee::Flat(Decimal::new(2500, 2)).on(Money(1_000_000), 2), Money(2500));
    assert_eq!(Fee::Flat(Decimal::new(2500, 2)).on(Money(1_000_000), 0), Money(25));
    assert_eq!(Fee::Flat(Decimal::new(2500, 2)).in_decimals(0), Some(Fee::Flat(Decimal::new(25, 0))));
    assert_eq!(Fee::Flat(Decimal::new(2550, 2)).in_decimals(0), None);
    assert_eq!(Fee::Percent(Percent(50_000)).on(Money(150_000), 2), Money(7500));
}

#[test]
fn rate_good_bad_display() {
    let r = |s: &str| s.parse::<Rate>();
    let month = |units| Rate { percent: Percent(units), per: RatePeriod::Month };
    let year = |units| Rate { percent: Percent(units), per: RatePeriod::Year };
    assert_eq!(r("1.5%/month"), Ok(month(15_000)));
    assert_eq!(r("18%/year"), Ok(year(180_000)));
    assert_eq!(r("1.5% / Month"), Ok(month(15_000)));
    assert_eq!(r(" 18%/YEAR "), Ok(year(180_000)));
    assert_eq!(r("0.1234%/month"), Ok(month(1_234)));
    for bad in [
        "",
        "1.5%",
        "1.5/month",
        "1.5%/mo",
        "18%/yr",
        "18%/y",
        "1.5%/week",
        "1.5%/month/year",
        "1.12345%/month",
        "-1%/month",
        "%/year",
        "1.5 %/month",
        "2000%/year",
    ] {
        assert_eq!(r(bad), Err(ParseError::new(RATE_HINT)), "{bad:?}");
    }
    assert_eq!(month(15_000).to_string(), "1.5%/month");
    assert_eq!(year(180_000).to_string(), "18%/year");
    assert_eq!(month(15_000).annual(), Percent(180_000));
    assert_eq!(year(180_000).annual(), Percent(180_000));
    assert_eq!(month(i64::MAX).annual(), Percent(i64::MAX));
}

#[test]
fn interest_rules_fixed_or_statutory() {
    let i = |s: &str| s.parse::<Interest>();
    assert_eq!(
        i("1.5%/month"),
        Ok(Interest::Rate(Rate { percent: Percent(15_000), per: RatePeriod::Month }))
    );
    assert_eq!(i(" Statutory-DE "), Ok(Interest::Statutory(Statutory::De)));
    assert_eq!(i("statutory-de-consumer"), Ok(Interest::Statutory(Statutory::DeConsumer)));
    for s in Statutory::ALL {
        assert_eq!(i(s.as_str()), Ok(Interest::Statutory(s)));
        assert_eq!(Interest::Statutory(s).to_string(), s.as_str());
    }
    for bad in ["statutory", "statutory-fr", "statutory-de-", "1.5%", "de"] {
        assert_eq!(i(bad), Err(ParseError::new(INTEREST_HINT)), "{bad:?}");
    }
    assert_eq!(Statutory::De.points(), 9);
    assert_eq!(Statutory::DeConsumer.reference(), RateScheme::De);
    assert_eq!(Statutory::Uk.reference().to_string(), "uk");
    assert_eq!(" EU ".parse::<RateScheme>(), Ok(RateScheme::Eu));
    assert!("fr".parse::<RateScheme>().is_err());
}

fn arb_percent() -> impl Strategy<Value = Percent> {
    (0..=Percent::MAX.0).prop_map(Percent)
}

fn arb_fee() -> impl Strategy<Value = Fee> {
    prop_oneof![
        (0..100_000_000_000_i64, 0..=4_u8).prop_map(|(c, s)| Fee::Flat(Decimal::new(c, s))),
        arb_percent().prop_map(Fee::Percent),
    ]
}

fn arb_rate() -> impl Strategy<Value = Rate> {
    (arb_percent(), any::<bool>()).prop_map(|(percent, monthly)| Rate {
        percent,
        per: if monthly { RatePeriod::Month } else { RatePeriod::Year },
    })
}

proptest! {
    #[test]
    fn typed_money_round_trips(units in 0..100_000_000_000_i64, exp in 0..=3_u8, style in 0..3_u8) {
        let numbers = [Numbers::Comma, Numbers::Dot, Numbers::Space][usize::from(style)];
        let currency = ["JPY", "USD", "USD", "KWD"][usize::from(exp)];
        let c = Currency::parse(currency).unwrap();
        let shown = numbers.grouped(units, c.exponent());
        let typed = numbers.typed(units, c.exponent());
        for text in [shown, typed] {
            let back = crate::values::MoneyInput::parse("AMOUNT", &text, numbers).unwrap();
            prop_assert_eq!(back.in_currency(c), Ok(Money(units)), "{}", text);
        }
    }

    /// Digits grouped three at a time from the point, as written a
    /// character at a time, in every style, for any amount.
    #[test]
    fn grouping_is_three_digits_at_a_time(units in any::<i64>(), exp in 0..=3_u8, style in 0..3_u8) {
        let numbers = [Numbers::Comma, Numbers::Dot, Numbers::Space][usize::from(style)];
        let c = Currency::parse(["JPY", "USD", "USD", "KWD"][usize::from(exp)]).unwrap();
        let plain = c.amount(Money(units)).plain();
        let (whole, frac) = plain.trim_start_matches('-').split_once('.').unwrap_or((plain.trim_start_matches('-'), ""));
        let mut want = String::from(if units < 0 { "-" } else { "" });
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                want.push(numbers.group());
            }
            want.push(c);
        }
        if !frac.is_empty() {
            want.push(numbers.decimal());
            want.push_str(frac);
        }
        prop_assert_eq!(numbers.grouped(units, c.exponent()), want);
        let amount = c.amount(Money(units));
        prop_assert_eq!(amount.text_len(numbers), amount.text(numbers).len());
    }

    #[test]
    fn percent_round_trips(p in arb_percent()) {
        prop_assert_eq!(p.to_string().parse::<Percent>(), Ok(p));
    }

    #[test]
    fn fee_round_trips(f in arb_fee()) {
        prop_assert_eq!(f.to_string().parse::<Fee>(), Ok(f));
    }

    #[test]
    fn rate_round_trips(r in arb_rate()) {
        prop_assert_eq!(r.to_string().parse::<Rate>(), Ok(r));
        let i = Interest::Rate(r);
        prop_assert_eq!(i.to_string().parse::<Interest>(), Ok(i));
    }

    #[test]
    fn parsers_never_panic(s in any::<String>(), t in "[0-9,.%/ +a-z-]{0,24}") {
        for input in [&s, &t] {
            let _ = crate::values::MoneyInput::parse("AMOUNT", input, Numbers::Dot);
            let _ = input.parse::<Decimal>();
            let _ = input.parse::<Percent>();
            let _ = input.parse::<Fee>();
            let _ = input.parse::<Rate>();
            let _ = input.parse::<Interest>();
        }
    }
}
