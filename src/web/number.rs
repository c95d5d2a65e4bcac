//! Numbers as people read them. One rounding rule everywhere a figure is shown or exported:
//! **half away from zero**, applied to the number as it is written in decimal (its shortest
//! round-trip form), so 3.25 → "3.3", 3.125 → "3.13", 2.675 → "2.68" and -2.5 → "-3". Rust's
//! `format!("{:.1}")` rounds exact binary halves to even (3.25 → "3.2"), which reads as an error
//! in a report next to its own CSV.

use super::Lang;

/// `v` with exactly `digits` decimals, a dot as separator.
pub fn round(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    // Display never uses an exponent for f64 and gives the shortest text that reads back as `v`.
    let text = format!("{}", v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut kept: Vec<u8> = int.bytes().chain(frac.bytes().chain(std::iter::repeat(b'0')).take(digits)).collect();
    if frac.as_bytes().get(digits).is_some_and(|&d| d >= b'5') {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let split = kept.len() - digits;
    let (whole, decimals) = kept.split_at(split);
    let mut out = String::from_utf8_lossy(whole).into_owned();
    if digits > 0 {
        out.push('.');
        out.push_str(&String::from_utf8_lossy(decimals));
    }
    if v < 0.0 && out.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.insert(0, '-');
    }
    out
}

/// `v` with `digits` decimals in the reader's language: "3,8" in Dutch, "3.8" in English.
pub fn decimal(v: f64, digits: usize, lang: Lang) -> String {
    let s = round(v, digits);
    if lang == Lang::Nl { s.replace('.', ",") } else { s }
}

/// A whole number when the value is within 0.05 of one, else one decimal: "2" or "2,5".
pub fn short(v: f64, lang: Lang) -> String {
    let s = round(v, 1);
    let s = s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
    if s == "-0" {
        "0".into()
    } else if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A share as a whole percentage: 0.125 → "13%".
pub fn percent(share: f64) -> String {
    format!("{}%", round(100.0 * share, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_halves_round_away_from_zero() {
        assert_eq!(round(3.25, 1), "3.3");
        assert_eq!(round(3.125, 2), "3.13");
        assert_eq!(round(2.5, 0), "3");
        assert_eq!(round(-2.5, 0), "-3");
        assert_eq!(round(-3.25, 1), "-3.3");
        assert_eq!(round(0.05, 1), "0.1");
    }

    #[test]
    fn decimal_text_decides_not_the_binary_value() {
        // 2.675 is stored as 2.67499999…; written, it is 2.675, and that is what a reader rounds.
        assert_eq!(round(2.675, 2), "2.68");
        assert_eq!(round(1.005, 2), "1.01");
    }

    #[test]
    fn carries_pad_and_signs() {
        assert_eq!(round(9.95, 1), "10.0");
        assert_eq!(round(99.5, 0), "100");
        assert_eq!(round(3.0, 2), "3.00");
        assert_eq!(round(3.4999, 0), "3");
        assert_eq!(round(-0.04, 1), "0.0");
        assert_eq!(round(0.0, 1), "0.0");
        assert_eq!(round(1234567.891, 1), "1234567.9");
        assert_eq!(round(f64::NAN, 1), "NaN");
    }

    #[test]
    fn language_and_short_forms() {
        assert_eq!(decimal(3.25, 1, Lang::Nl), "3,3");
        assert_eq!(decimal(3.25, 1, Lang::En), "3.3");
        assert_eq!(short(2.0, Lang::Nl), "2");
        assert_eq!(short(2.04, Lang::Nl), "2");
        assert_eq!(short(2.25, Lang::Nl), "2,3");
        assert_eq!(short(-0.01, Lang::En), "0");
        assert_eq!(percent(0.125), "13%");
        assert_eq!(percent(0.0), "0%");
    }
}
