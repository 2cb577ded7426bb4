//! Text as people type or import it, read once at the domain's edge (issue 16, items 20 and
//! 21): control characters never get in (one in a notice title made the community's Atom feed
//! invalid XML), and the same name or number typed with full-width digits or an ideographic
//! space is the same name or number (the same person was imported twice for `９１０１` against
//! `9101`, and `张　测戊` against `张测戊`).

use unicode_normalization::UnicodeNormalization;

/// True for a character no text field keeps: control characters (C0, DEL, C1), and the
/// invisible format characters that make two equal-looking texts differ (zero-width spaces and
/// joiners, bidirectional controls, the byte-order mark).
fn unwanted(c: char) -> bool {
    c.is_control()
        // U+FFFD is what a form's bytes that were no UTF-8 became on the way in: no one typed it.
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFD}')
}

/// A CJK ideograph or punctuation, beside which a space in a name is noise.
fn ideographic(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// One line of text (a title, a place, a label): unwanted characters out, every run of
/// whitespace (line breaks, tabs and the ideographic space U+3000 among them) one space,
/// trimmed. May be empty; callers decide whether that is allowed.
pub fn line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !unwanted(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A person's or a place's name: a [`line`] with no space beside a Chinese character, so
/// `张　测戊`, `张 测戊` and `张测戊` are one name while `Anna Li` keeps its space.
pub fn name(raw: &str) -> String {
    let spaced = line(raw);
    let chars: Vec<char> = spaced.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            **c != ' '
                || !(chars
                    .get(i.wrapping_sub(1))
                    .is_some_and(|c| ideographic(*c))
                    || chars.get(i + 1).is_some_and(|c| ideographic(*c)))
        })
        .map(|(_, c)| *c)
        .collect()
}

/// A number or code people type (a household number, a grid, a tracker): Unicode NFKC, so
/// full-width digits and letters are the ASCII ones, then a [`line`].
pub fn code(raw: &str) -> String {
    line(&raw.nfkc().collect::<String>())
}

/// Why typed text is not a number of the kind wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not digits at all (a decimal point, a digit group separator, words).
    NotANumber,
    /// Digits, but too big (or below zero) for the field: the review was told "not a number"
    /// for 99999999999999999999 seats.
    OutOfRange,
}

/// A number people type (a seat count, a tally, a page): a [`code`] read as `T`, so `１２`
/// and ` 12 ` are 12.
pub fn number<T: std::str::FromStr>(raw: &str) -> Result<T, NumberProblem> {
    let code = code(raw);
    code.parse().map_err(|_| {
        let digits = code.strip_prefix('-').unwrap_or(&code);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            NumberProblem::OutOfRange
        } else {
            NumberProblem::NotANumber
        }
    })
}

/// Text of several lines (a notice's body, a note): unwanted characters out except line
/// breaks (`\r\n` and `\r` become `\n`), tabs as spaces, trailing spaces off each line, the
/// whole trimmed.
pub fn paragraphs(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !unwanted(*c))
        .collect();
    kept.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item20_numbers_typed_full_width_are_numbers() {
        assert_eq!(number::<u64>("１２"), Ok(12));
        assert_eq!(number::<u8>(" 7 "), Ok(7));
        assert_eq!(
            number::<u8>("２５６"),
            Err(NumberProblem::OutOfRange),
            "too big for a seat count"
        );
        assert_eq!(
            number::<u64>("99999999999999999999"),
            Err(NumberProblem::OutOfRange)
        );
        assert_eq!(number::<u64>("-1"), Err(NumberProblem::OutOfRange));
        assert_eq!(number::<u64>("1,000"), Err(NumberProblem::NotANumber));
        assert_eq!(number::<u64>("十二"), Err(NumberProblem::NotANumber));
        assert_eq!(number::<u64>(""), Err(NumberProblem::NotANumber));
    }

    #[test]
    fn issue16_item21_control_characters_never_get_in() {
        assert_eq!(line("停水\u{8}通知\u{0}\u{1b}[31m"), "停水通知[31m");
        assert_eq!(line("a\u{9f}b\u{200B}c\u{202E}d\u{feff}"), "abcd");
        assert_eq!(
            paragraphs("第一行\u{7}\r\n\t第二行  \r第三行\u{c}"),
            "第一行\n 第二行\n第三行"
        );
    }

    #[test]
    fn issue16_item20_one_name_however_it_is_spaced() {
        assert_eq!(name("张　测戊"), "张测戊");
        assert_eq!(name(" 张 测戊 "), "张测戊");
        assert_eq!(name("张\t测戊"), "张测戊");
        assert_eq!(name("Anna   Li"), "Anna Li");
        assert_eq!(name("阿依古丽·买买提"), "阿依古丽·买买提");
        assert_eq!(line("  第一 \u{3000} 投票站  "), "第一 投票站");
    }

    #[test]
    fn issue16_item20_one_number_however_it_is_typed() {
        assert_eq!(code("９１０１"), "9101");
        assert_eq!(code("Ｈ９１０１"), "H9101");
        assert_eq!(code(" 9101\u{200B} "), "9101");
        assert_eq!(code("第１网格"), "第1网格");
    }

    #[test]
    fn issue19_review_bytes_that_were_no_utf8_are_not_kept_as_replacement_characters() {
        assert_eq!(paragraphs("\u{FFFD}\u{FFFD}"), "");
        assert_eq!(line("楼道\u{FFFD}灯"), "楼道灯");
    }
}
