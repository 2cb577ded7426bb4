//! The order the names of grids and residents' groups are listed in: by the number in them,
//! written in Chinese numerals or digits, so 第二网格 comes before 第十网格 and 2组 before 10组
//! (sorting by code point put 第十网格 between 第一 and 第二: the 2026-12-07 review).

use std::cmp::Ordering;

/// Compares two place names: the text before their first number, then the number, then the
/// rest; a name without a number sorts as its own text with the number 0.
pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Sorts `names` by [`compare`].
pub fn sort(names: &mut [String]) {
    names.sort_by(|a, b| compare(a, b));
}

fn key(name: &str) -> (&str, u64, &str) {
    let Some(start) = name.find(is_numeral) else {
        return (name, 0, "");
    };
    let run = &name[start..];
    let end = run.find(|c| !is_numeral(c)).unwrap_or(run.len());
    let number = &run[..end];
    let value = if number.chars().all(|c| digit(c).is_some()) {
        number
            .chars()
            .filter_map(digit)
            .fold(0u64, |n, d| n.saturating_mul(10).saturating_add(d))
    } else {
        chinese(number)
    };
    (&name[..start], value, &run[end..])
}

fn is_numeral(c: char) -> bool {
    digit(c).is_some() || "〇零一二两三四五六七八九十百千".contains(c)
}

/// An Arabic digit, half- or full-width.
fn digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => c.to_digit(10).map(u64::from),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

/// The value of a Chinese numeral up to the thousands (一百零五 is 105, 十一 is 11).
fn chinese(numeral: &str) -> u64 {
    let (mut total, mut unit_digit) = (0u64, 0u64);
    for c in numeral.chars() {
        let place = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                unit_digit = match c {
                    '一' => 1,
                    '二' | '两' => 2,
                    '三' => 3,
                    '四' => 4,
                    '五' => 5,
                    '六' => 6,
                    '七' => 7,
                    '八' => 8,
                    '九' => 9,
                    _ => digit(c).unwrap_or(0),
                };
                continue;
            }
        };
        // 十 alone is ten: "十一" has no digit before its ten.
        total += unit_digit.max(1) * place;
        unit_digit = 0;
    }
    total + unit_digit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        sort(&mut names);
        names
    }

    #[test]
    fn review_grids_are_listed_by_their_number_not_by_code_point() {
        assert_eq!(
            sorted(&[
                "第十网格",
                "第二网格",
                "第十一网格",
                "第一网格",
                "第二十网格"
            ]),
            [
                "第一网格",
                "第二网格",
                "第十网格",
                "第十一网格",
                "第二十网格"
            ]
        );
        assert_eq!(sorted(&["10组", "2组", "１组"]), ["１组", "2组", "10组"]);
        assert_eq!(chinese("一百零五"), 105);
        assert_eq!(chinese("两千"), 2000);
        // Names without a number keep their own order.
        assert_eq!(sorted(&["西区", "东区"]), ["东区", "西区"]);
    }
}
