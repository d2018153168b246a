//! The "iceberg" pagination protocol of API v1 collections: with
//! `X-Pagination-Mode: CachedObjectList-Pages` a collection answers full objects, one page at a
//! time, and says the total in `X-Pagination-Elements`.

use serde::de::DeserializeOwned;

use super::decode::Skipped;

pub const HEADER_MODE: &str = "X-Pagination-Mode";
pub const HEADER_NUMBER: &str = "X-Pagination-Number";
pub const HEADER_SIZE: &str = "X-Pagination-Size";
pub const HEADER_ELEMENTS: &str = "X-Pagination-Elements";
pub const MODE_PAGES: &str = "CachedObjectList-Pages";

/// Pages fetched at once after the first (the first page tells the total).
pub const CONCURRENT_PAGES: usize = 3;

/// The request headers for page `number` (1-based) of `size` objects.
pub fn page_request_headers(number: u32, size: u32) -> [(&'static str, String); 3] {
    [
        (HEADER_MODE, MODE_PAGES.to_string()),
        (HEADER_NUMBER, number.to_string()),
        (HEADER_SIZE, size.to_string()),
    ]
}

/// The pages still to fetch once page 1 said the total: `2..=ceil(total/size)`.
pub fn remaining_pages(total: u64, size: u32) -> std::ops::RangeInclusive<u32> {
    let size = u64::from(size.max(1));
    let pages = total.div_ceil(size).max(1);
    2..=u32::try_from(pages).unwrap_or(u32::MAX)
}

/// Reads `X-Pagination-Elements`; `None` when absent or not a number.
pub fn parse_total(raw: Option<&str>) -> Option<u64> {
    raw.and_then(|v| v.trim().parse().ok())
}

/// One decoded page. `null` items are dropped and counted apart (the API sends some on
/// `/me/order`: they are not objects, so they leave the total). Items that plain decoding cannot
/// read come back as text in `unread`, for the caller to repair (see [`super::decode`]); one bad
/// object never hides the others. A server that ignored the pagination headers answers ids
/// instead of objects: they come back in `ids`, to be read one by one.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPage<T> {
    pub items: Vec<T>,
    pub skipped: Skipped,
    pub nulls: u64,
    pub ids: Vec<String>,
    pub unread: Vec<String>,
}

/// Decodes a page body item by item. Fails only when the body is not a JSON array.
pub fn decode_page<T: DeserializeOwned>(body: &str) -> Result<DecodedPage<T>, serde_json::Error> {
    decode_page_as(body, |item: T| item)
}

/// [`decode_page`], each object handed to `convert` as soon as it is read: a page of API objects
/// never exists whole, only its converted items do (the services table keeps rows, a fraction
/// of an API object's size, and a big account's pages wait their turn as rows).
pub fn decode_page_as<T: DeserializeOwned, R>(
    body: &str,
    convert: fn(T) -> R,
) -> Result<DecodedPage<R>, serde_json::Error> {
    // Borrowed slices of the body, one per item: no intermediate `Value` tree, so a page of
    // thousands of objects costs little more memory than its text.
    let raw: Vec<&serde_json::value::RawValue> = serde_json::from_str(body)?;
    let mut page = DecodedPage {
        items: Vec::with_capacity(raw.len()),
        skipped: Skipped::default(),
        nulls: 0,
        ids: Vec::new(),
        unread: Vec::new(),
    };
    let is_id = |text: &str| {
        text.starts_with('"') || text.starts_with(|c: char| c.is_ascii_digit() || c == '-')
    };
    if !raw.is_empty()
        && raw
            .iter()
            .all(|item| item.get() == "null" || is_id(item.get()))
    {
        // A string is read as one (its escapes undone); a number is valid JSON already, kept as
        // the API wrote it. (No `Value` tree: its decoder would weigh on the first load.)
        for item in raw {
            let text = item.get();
            match text.as_bytes()[0] {
                b'"' => match serde_json::from_str::<String>(text) {
                    Ok(id) => page.ids.push(id),
                    Err(_) => page.nulls += 1,
                },
                b'n' => page.nulls += 1,
                _ => page.ids.push(text.to_string()),
            }
        }
        return Ok(page);
    }
    for item in raw {
        if item.get() == "null" {
            page.nulls += 1;
            continue;
        }
        match serde_json::from_str::<T>(item.get()) {
            Ok(value) => page.items.push(convert(value)),
            Err(_) => page.unread.push(item.get().to_string()),
        }
    }
    Ok(page)
}

/// Progress of a collection load, for the "3,000 of 12,000" indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadProgress {
    pub loaded: u64,
    /// Known after the first page.
    pub total: Option<u64>,
    pub skipped: u64,
    /// `null` entries met so far (not objects: taken off the total).
    pub nulls_seen: u64,
}

impl LoadProgress {
    pub fn is_complete(&self) -> bool {
        self.total.is_some_and(|t| self.loaded + self.skipped >= t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_plan_covers_the_total_exactly() {
        assert_eq!(remaining_pages(0, 5000).count(), 0);
        assert_eq!(remaining_pages(1, 5000).count(), 0);
        assert_eq!(remaining_pages(5000, 5000).count(), 0);
        assert_eq!(remaining_pages(5001, 5000).collect::<Vec<_>>(), vec![2]);
        assert_eq!(
            remaining_pages(12_000, 5000).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(remaining_pages(50_000, 5000).count(), 9);
    }

    #[test]
    fn headers_ask_for_objects_by_page_number() {
        let h = page_request_headers(3, 500);
        assert_eq!(
            h[0],
            ("X-Pagination-Mode", "CachedObjectList-Pages".to_string())
        );
        assert_eq!(h[1], ("X-Pagination-Number", "3".to_string()));
        assert_eq!(h[2], ("X-Pagination-Size", "500".to_string()));
    }

    #[test]
    fn total_header_is_parsed_or_absent() {
        assert_eq!(parse_total(Some("12000")), Some(12_000));
        assert_eq!(parse_total(Some(" 7 ")), Some(7));
        assert_eq!(parse_total(Some("lots")), None);
        assert_eq!(parse_total(None), None);
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Item {
        id: u32,
    }

    #[test]
    fn nulls_are_dropped_and_bad_items_counted() {
        let page: DecodedPage<Item> =
            decode_page(r#"[{"id":1}, null, {"id":"x"}, {"id":3}]"#).unwrap();
        assert_eq!(page.items, vec![Item { id: 1 }, Item { id: 3 }]);
        assert_eq!(page.unread, vec![r#"{"id":"x"}"#]);
        assert_eq!(page.nulls, 1);
        assert!(page.ids.is_empty());
    }

    #[test]
    fn a_page_of_ids_is_recognised() {
        let page: DecodedPage<Item> = decode_page("[12, 13, null, 14]").unwrap();
        assert!(page.items.is_empty());
        assert_eq!(page.ids, vec!["12", "13", "14"]);
        let page: DecodedPage<Item> = decode_page(r#"["FR1", "FR2"]"#).unwrap();
        assert_eq!(page.ids, vec!["FR1", "FR2"]);
        // Escapes undone, spaces and nulls between items, big and negative numbers as written.
        let page: DecodedPage<Item> =
            decode_page(r#"[ "a\"b\u00e9" , null,18446744073709551615, -3 ]"#).unwrap();
        assert_eq!(page.ids, vec!["a\"bé", "18446744073709551615", "-3"]);
        assert_eq!(page.nulls, 1);
        let empty: DecodedPage<Item> = decode_page("[]").unwrap();
        assert!(empty.ids.is_empty() && empty.items.is_empty());
    }

    #[test]
    fn a_body_that_is_not_an_array_fails() {
        assert!(decode_page::<Item>(r#"{"id":1}"#).is_err());
        assert!(decode_page::<Item>(r#"[{"id":1"#).is_err());
    }

    #[test]
    fn progress_is_complete_when_everything_is_accounted_for() {
        let mut p = LoadProgress {
            loaded: 5,
            total: Some(6),
            ..LoadProgress::default()
        };
        assert!(!p.is_complete());
        p.skipped = 1;
        assert!(p.is_complete());
        assert!(!LoadProgress::default().is_complete());
    }
}
