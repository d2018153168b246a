//! Case- and accent-insensitive matching ("cafe" finds "Café Crème") and the highlighted parts.

/// The base letter of each character of Latin-1 Supplement and Latin Extended-A (U+00C0 to
/// U+017F), or `.` for one that is not an accented letter (ligatures, ð, þ, ×, ÷, ŋ, ĸ…). A table
/// is a third of the size of the same mapping written as match arms, in the first load.
const LATIN: &[u8; 192] = b"aaaaaa.ceeeeiiii.nooooo.ouuuuy..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.llllllllllnnnnnn...oooooo..rrrrrrssssssss\
ttttttuuuuuuuuuuuuwwyyyzzzzzz.";

/// Folds one character for search: lower case, Latin (Vietnamese included) and Greek accents
/// removed, ligatures expanded. One character folds to at most two, never depending on its
/// neighbours.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        '\u{C0}'..='\u{17F}' => match LATIN[c as usize - 0xC0] {
            b'.' => match c {
                'Æ' | 'æ' => return out.push_str("ae"),
                'Œ' | 'œ' => return out.push_str("oe"),
                'ß' => return out.push_str("ss"),
                c => return out.extend(c.to_lowercase()),
            },
            letter => char::from(letter),
        },
        // Romanian writes ș and ț with a comma below (U+0218..U+021B), older texts with a cedilla
        // (in the table).
        'Ș' | 'ș' => 's',
        'Ț' | 'ț' => 't',
        // Vietnamese: ơ and ư, and the letters of Latin Extended Additional that carry a tone
        // mark (Nguyễn, Hồ Chí Minh), by their base letter.
        'Ơ' | 'ơ' | '\u{1ECC}'..='\u{1EE3}' => 'o',
        'Ư' | 'ư' | '\u{1EE4}'..='\u{1EF1}' => 'u',
        '\u{1EA0}'..='\u{1EB7}' => 'a',
        '\u{1EB8}'..='\u{1EC7}' => 'e',
        '\u{1EC8}'..='\u{1ECB}' => 'i',
        '\u{1EF2}'..='\u{1EF9}' => 'y',
        // Greek: the tonos and dialytika dropped; the final sigma is a sigma.
        'Ά' | 'ά' => 'α',
        'Έ' | 'έ' => 'ε',
        'Ή' | 'ή' => 'η',
        'Ί' | 'ί' | 'Ϊ' | 'ϊ' | 'ΐ' => 'ι',
        'Ό' | 'ό' => 'ο',
        'Ύ' | 'ύ' | 'Ϋ' | 'ϋ' | 'ΰ' => 'υ',
        'Ώ' | 'ώ' => 'ω',
        'ς' => 'σ',
        // Combining marks (decomposed accents) vanish.
        '\u{300}'..='\u{36f}' => return,
        c => return out.extend(c.to_lowercase()),
    };
    out.push(folded);
}

/// The search form of a text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Byte ranges of `text` whose folded form contains the already folded `needle`, for `<mark>`.
pub fn match_ranges(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    // Folded text with, for each folded byte, the original char's byte range.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<std::ops::Range<usize>> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        origin.extend(std::iter::repeat_n(
            start..start + c.len_utf8(),
            folded.len() - before,
        ));
    }
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut from = 0;
    while let Some(pos) = folded[from..].find(needle) {
        let at = from + pos;
        let end = at + needle.len();
        let range = origin[at].start..origin[end - 1].end;
        match ranges.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => ranges.push(range),
        }
        from = end;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Café Crème"), "cafe creme");
        assert_eq!(fold("ÉLODIE Martin"), "elodie martin");
        assert_eq!(fold("Pâtisserie Lefèvre"), "patisserie lefevre");
        assert_eq!(fold("Œuvre Straße"), "oeuvre strasse");
        assert_eq!(fold("Cafe\u{301}"), "cafe");
        assert_eq!(fold("ns3124567.IP-51"), "ns3124567.ip-51");
        // Romanian: comma below and the older cedilla alike.
        assert_eq!(
            fold("Brașov Timișoara Constanța"),
            "brasov timisoara constanta"
        );
        assert_eq!(fold("Braşov Constanţa"), "brasov constanta");
        // Vietnamese: tone marks on top of the vowel's own mark.
        assert_eq!(
            fold("Nguyễn Văn Đức, Hồ Chí Minh, Phở Hương, Thủy Ỷ"),
            "nguyen van duc, ho chi minh, pho huong, thuy y"
        );
        assert_eq!(fold("ẠẶẸỆỊỌỢỤỰỲỸ"), "aaeeioouuyy");
        // Greek: tonos, dialytika, final sigma.
        assert_eq!(fold("Αθήνα Ηράκλειο ΆΈΉΊΌΎΏ"), "αθηνα ηρακλειο αεηιουω");
        assert_eq!(fold("Προϊόν ΰ ΐ Οδυσσέας"), "προιον υ ι οδυσσεασ");
        assert_eq!(fold("ΟΔΥΣΣΕΑΣ"), fold("Οδυσσέας"));
    }

    #[test]
    fn ranges_point_at_the_original_characters() {
        let text = "Café Crème café";
        let ranges = match_ranges(text, "cafe");
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["Café", "café"]
        );
        assert_eq!(match_ranges("Straße", "ss"), vec![4..6]);
        assert!(match_ranges("abc", "").is_empty());
        assert!(match_ranges("abc", "x").is_empty());
    }
}
