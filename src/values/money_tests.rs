//! Unit tests of money, percentages, fees and rates.

use super::*;
use crate::values::rate::*;
use crate::values::{Fee, Interest, Percent, Rate, RatePeriod, RateScheme, Statutory};
use proptest::prelude::*;

fn money(s: &str) -> Result<i64, String> {
    s.parse::<Money>().map(Money::cents).map_err(|e| e.0)
}

#[test]
fn money_good() {
    assert_eq!(money("1500"), Ok(150_000));
    assert_eq!(money("1500.5"), Ok(150_050));
    assert_eq!(money("1500.50"), Ok(150_050));
    assert_eq!(money("1,500.50"), Ok(150_050));
    assert_eq!(money("1,500"), Ok(150_000));
    assert_eq!(money("0.07"), Ok(7));
    assert_eq!(money("0"), Ok(0));
    assert_eq!(money("0.0"), Ok(0));
    assert_eq!(money("  25 "), Ok(2500));
    assert_eq!(money("1,234,567.89"), Ok(123_456_789));
    assert_eq!(money("999"), Ok(99_900));
    assert_eq!(money("99,999,999,999.99"), Ok(9_999_999_999_999));
    assert_eq!(money("99999999999.99"), Ok(9_999_999_999_999));
    assert_eq!(money("007"), Ok(700));
}

#[test]
fn money_bad() {
    for bad in [
        "",
        " ",
        "1500,50",
        "1,50",
        "15,00.00",
        "1,5000",
        ",500",
        "1,",
        "1,,500",
        "0,500",
        "1500.",
        ".50",
        "1500.505",
        "-5",
        "+5",
        "1 500",
        "1e3",
        "1.5.0",
        "abc",
        "$5",
        "1500.5a",
        "1,500.5,0",
        "١٥",
        "1_000",
    ] {
        assert_eq!(money(bad), Err(MONEY_HINT.to_string()), "{bad:?}");
    }
    for big in ["100000000000", "100,000,000,000.00", "99999999999999999999999999", "9223372036854775807"] {
        assert_eq!(money(big), Err(MONEY_TOO_BIG.to_string()), "{big:?}");
    }
}

#[test]
fn money_display() {
    assert_eq!(Money(150_000).to_string(), "1500.00");
    assert_eq!(Money(7).to_string(), "0.07");
    assert_eq!(Money(0).to_string(), "0.00");
    assert_eq!(Money(-500).to_string(), "-5.00");
    assert_eq!(Money(-5).to_string(), "-0.05");
    assert_eq!(Money(150_000).grouped(), "1,500.00");
    assert_eq!(Money(-150_000).grouped(), "-1,500.00");
    assert_eq!(Money(99_999).grouped(), "999.99");
    assert_eq!(Money(100_000).grouped(), "1,000.00");
    assert_eq!(Money(123_456_789).grouped(), "1,234,567.89");
    assert_eq!(Money(12_345_678_901).grouped(), "123,456,789.01");
    assert_eq!(Money(i64::MIN).to_string(), "-92233720368547758.08");
    assert_eq!(Money(i64::MIN).grouped(), "-92,233,720,368,547,758.08");
    assert_eq!(Money::from_cents(42).cents(), 42);
    assert_eq!(Money::default(), Money::ZERO);
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
    assert_eq!(f("25"), Ok(Fee::Flat(Money(2500))));
    assert_eq!(f("25.00"), Ok(Fee::Flat(Money(2500))));
    assert_eq!(f("1,000"), Ok(Fee::Flat(Money(100_000))));
    assert_eq!(f(" 2.5% "), Ok(Fee::Percent(Percent(25_000))));
    for bad in ["", "5 %", "-25", "25,00", "%", "5%%", "2000%", "twenty", "25 EUR"] {
        assert_eq!(f(bad), Err(ParseError::new(FEE_HINT)), "{bad:?}");
    }
    assert_eq!(Fee::Percent(Percent(50_000)).to_string(), "5%");
    assert_eq!(Fee::Flat(Money(2500)).to_string(), "25.00");
    assert_eq!(Fee::Flat(Money(2500)).on(Money(1_000_000)), Money(2500));
    assert_eq!(Fee::Percent(Percent(50_000)).on(Money(150_000)), Money(7500));
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
        (0..Money::PARSE_LIMIT).prop_map(|c| Fee::Flat(Money(c))),
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
    fn money_round_trips(cents in 0..Money::PARSE_LIMIT) {
        let m = Money(cents);
        prop_assert_eq!(m.to_string().parse::<Money>(), Ok(m));
        prop_assert_eq!(m.grouped().parse::<Money>(), Ok(m));
    }

    #[test]
    fn money_with_separators_parses_to_cents(
        whole in 0..Money::PARSE_LIMIT / 100,
        frac in 0..100_i64,
        style in 0..3_u8,
    ) {
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let (text, cents) = match style {
            0 => (grouped, whole * 100),
            1 => (format!("{grouped}.{}", frac / 10), whole * 100 + frac / 10 * 10),
            _ => (format!("{grouped}.{frac:02}"), whole * 100 + frac),
        };
        prop_assert_eq!(text.parse::<Money>(), Ok(Money(cents)), "{}", text);
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
            let _ = input.parse::<Money>();
            let _ = input.parse::<Percent>();
            let _ = input.parse::<Fee>();
            let _ = input.parse::<Rate>();
            let _ = input.parse::<Interest>();
        }
    }

    #[test]
    fn parsed_money_is_in_range(s in "[0-9,.]{1,20}") {
        if let Ok(m) = s.parse::<Money>() {
            prop_assert!((0..Money::PARSE_LIMIT).contains(&m.cents()));
        }
    }
}
