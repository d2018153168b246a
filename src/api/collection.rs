//! Loading a whole collection without ever throwing away what arrived. Page 1 tells the total;
//! the other pages are fetched a few at a time, each retried on its own (backoff, `Retry-After`);
//! a page that still fails is set aside as missing while every other page is delivered, and can
//! be asked again alone ([`ApiClient::load_missing`]). A server that ignores the pagination
//! headers answers ids: the objects are then read one by one, with the same rules per id.

use futures::StreamExt;

use super::client::{ApiClient, Transport};
use super::config::encode_path_segment;
use super::decode::{Repair, Skipped};
use super::error::ApiError;
use super::pagination::{self, DecodedPage, LoadProgress};

/// Objects read at once when a collection answers ids (the browser's per-origin connection limit
/// is 6; leave room for the rest of the page).
pub const CONCURRENT_OBJECTS: usize = 4;
/// Objects read by id are handed over in batches of this size (each hand-over redraws).
const ID_BATCH: usize = 200;

/// One collection: its path, page size and any header every page carries (a server sort).
#[derive(Debug, Clone, Copy)]
pub struct Collection<'a> {
    pub path: &'a str,
    pub page_size: u32,
    pub headers: &'a [(&'a str, &'a str)],
}

impl<'a> Collection<'a> {
    pub fn new(path: &'a str, page_size: u32) -> Self {
        Self {
            path,
            page_size,
            headers: &[],
        }
    }
}

/// What could not be had, to ask again alone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Missing {
    /// Pages (1-based) that failed after their retries.
    pub pages: Vec<u32>,
    /// Objects, by id, that failed (when the collection answered ids).
    pub ids: Vec<String>,
    /// How many objects those pages and ids hold.
    pub items: u64,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.ids.is_empty()
    }
}

/// How a load ended. Everything that arrived was already handed over, page by page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadReport {
    pub progress: LoadProgress,
    /// Objects that arrived but could not be read, with why.
    pub skipped: Skipped,
    pub missing: Missing,
    /// The last failure of a missing part: what to tell the user (and whether to sign in again).
    pub error: Option<ApiError>,
    /// The ids of objects listed, then answered "not found" when read: taken off the total as
    /// gone in the meantime. A caller that must prove what is not there (a lost order's
    /// re-check) cannot count them as absent.
    pub gone: Vec<String>,
}

impl LoadReport {
    /// Nothing missing.
    pub fn is_whole(&self) -> bool {
        self.missing.is_empty()
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    /// Loads every object of `collection`, handing each page's objects to `on_page` as they
    /// arrive. Fails only when page 1 fails (nothing is known yet); after that, failures are
    /// reported in [`LoadReport::missing`].
    pub async fn load_collection<T: Repair>(
        &self,
        collection: Collection<'_>,
        on_page: impl FnMut(Vec<T>, LoadProgress),
    ) -> Result<LoadReport, ApiError> {
        self.load_collection_as(collection, |item: T| item, on_page)
            .await
    }

    /// [`Self::load_collection`], each object converted as soon as it is read (see
    /// [`pagination::decode_page_as`]): pages that arrive early wait as converted items.
    pub async fn load_collection_as<T: Repair, R>(
        &self,
        collection: Collection<'_>,
        convert: fn(T) -> R,
        mut on_page: impl FnMut(Vec<R>, LoadProgress),
    ) -> Result<LoadReport, ApiError> {
        let _buffer = super::client::BodyBufferKept;
        let (page, header_total) = self.collection_page(&collection, 1, convert).await?;
        let mut report = LoadReport::default();
        if !page.ids.is_empty() {
            let ids = page.ids;
            report.progress.total = Some(ids.len() as u64);
            self.load_by_ids(&collection, &ids, &mut report, convert, &mut on_page)
                .await;
            return Ok(report);
        }
        let Some(total) = header_total else {
            // No total: the server answered everything at once.
            deliver(page, &mut report, None, convert, &mut on_page).await;
            report.progress.total = Some(report.progress.loaded + report.progress.skipped);
            return Ok(report);
        };
        deliver(page, &mut report, Some(total), convert, &mut on_page).await;
        let pages: Vec<u32> = pagination::remaining_pages(total, collection.page_size).collect();
        self.load_pages(
            &collection,
            &pages,
            total,
            &mut report,
            convert,
            &mut on_page,
        )
        .await;
        Ok(report)
    }

    /// Asks again for what `report` says is missing; what arrives is handed to `on_page` and the
    /// report updated (what still fails stays missing).
    pub async fn load_missing<T: Repair>(
        &self,
        collection: Collection<'_>,
        report: &mut LoadReport,
        on_page: impl FnMut(Vec<T>, LoadProgress),
    ) {
        self.load_missing_as(collection, report, |item: T| item, on_page)
            .await;
    }

    /// [`Self::load_missing`], each object converted as soon as it is read.
    pub async fn load_missing_as<T: Repair, R>(
        &self,
        collection: Collection<'_>,
        report: &mut LoadReport,
        convert: fn(T) -> R,
        mut on_page: impl FnMut(Vec<R>, LoadProgress),
    ) {
        let _buffer = super::client::BodyBufferKept;
        let missing = std::mem::take(&mut report.missing);
        report.error = None;
        if !missing.ids.is_empty() {
            self.load_by_ids(&collection, &missing.ids, report, convert, &mut on_page)
                .await;
        }
        if !missing.pages.is_empty() {
            let total = report.progress.total.unwrap_or(0) + report.progress.nulls_seen;
            self.load_pages(
                &collection,
                &missing.pages,
                total,
                report,
                convert,
                &mut on_page,
            )
            .await;
        }
    }

    // `on_page` is a `dyn` from here down: one copy of the paging per item type, shared by every
    // caller's closure (a load and its retry each had their own copy: 7 KiB of wasm each).
    async fn load_pages<T: Repair, R>(
        &self,
        collection: &Collection<'_>,
        pages: &[u32],
        total: u64,
        report: &mut LoadReport,
        convert: fn(T) -> R,
        on_page: &mut dyn FnMut(Vec<R>, LoadProgress),
    ) {
        let size = u64::from(collection.page_size.max(1));
        let items_in = |number: u32| {
            let before = u64::from(number.saturating_sub(1)) * size;
            total.saturating_sub(before).min(size)
        };
        let mut answers = futures::stream::iter(pages.iter().copied())
            .map(|number| async move {
                (
                    number,
                    self.collection_page(collection, number, convert).await,
                )
            })
            .buffered(pagination::CONCURRENT_PAGES);
        while let Some((number, answer)) = answers.next().await {
            match answer {
                Ok((page, _)) => deliver(page, report, Some(total), convert, on_page).await,
                Err(error) => {
                    report.missing.pages.push(number);
                    report.missing.items += items_in(number);
                    report.error = Some(error);
                }
            }
        }
    }

    async fn load_by_ids<T: Repair, R>(
        &self,
        collection: &Collection<'_>,
        ids: &[String],
        report: &mut LoadReport,
        convert: fn(T) -> R,
        on_page: &mut dyn FnMut(Vec<R>, LoadProgress),
    ) {
        let mut answers = futures::stream::iter(ids.iter())
            .map(|id| async move {
                let path = format!("{}/{}", collection.path, encode_path_segment(id));
                let answer = self.get_with_retry(&self.url(&path), &[]).await;
                (id, answer)
            })
            .buffered(CONCURRENT_OBJECTS);
        let mut batch = Vec::with_capacity(ID_BATCH);
        while let Some((id, answer)) = answers.next().await {
            match answer.map(|a| a.body) {
                Ok(body) => match read_one::<T>(body).await {
                    Ok(value) => batch.push(convert(value)),
                    Err(why) => {
                        report.skipped.add(&why.reason);
                        report.progress.skipped += 1;
                    }
                },
                Err(error) if error.kind == super::ApiErrorKind::NotFound => {
                    // Gone between the list and its read: not an object of the account any more.
                    report.progress.total = report.progress.total.map(|t| t.saturating_sub(1));
                    report.gone.push(id.clone());
                }
                Err(error) => {
                    report.missing.ids.push(id.clone());
                    report.missing.items += 1;
                    report.error = Some(error);
                }
            }
            if batch.len() >= ID_BATCH {
                report.progress.loaded += batch.len() as u64;
                on_page(std::mem::take(&mut batch), report.progress);
            }
        }
        report.progress.loaded += batch.len() as u64;
        on_page(batch, report.progress);
    }

    async fn collection_page<T: serde::de::DeserializeOwned, R>(
        &self,
        collection: &Collection<'_>,
        number: u32,
        convert: fn(T) -> R,
    ) -> Result<(DecodedPage<R>, Option<u64>), ApiError> {
        let page = pagination::page_request_headers(number, collection.page_size);
        let mut headers: Vec<(&str, &str)> = page.iter().map(|(k, v)| (*k, v.as_str())).collect();
        headers.extend_from_slice(collection.headers);
        let answer = self
            .get_with_retry(&self.url(collection.path), &headers)
            .await?;
        let page = pagination::decode_page_as(&answer.body, convert)
            .map_err(|e| ApiError::decode(e.to_string()));
        super::client::recycle_body(answer.body);
        Ok((page?, answer.total))
    }
}

/// One object: plain decoding, else its type's repair (see [`Repair`]).
pub async fn read_one<T: Repair>(text: String) -> Result<T, super::decode::Undecodable> {
    match serde_json::from_str::<T>(&text) {
        Ok(value) => Ok(value),
        Err(_) => T::repair(text).await.map(|d| d.value),
    }
}

/// Hands a page over, its unread objects repaired first (or counted as skipped, with why).
/// `null` items are not objects: they leave the total (when it is known).
async fn deliver<T: Repair, R>(
    mut page: DecodedPage<R>,
    report: &mut LoadReport,
    total: Option<u64>,
    convert: fn(T) -> R,
    on_page: &mut dyn FnMut(Vec<R>, LoadProgress),
) {
    for text in std::mem::take(&mut page.unread) {
        match T::repair(text).await {
            Ok(decoded) => page.items.push(convert(decoded.value)),
            Err(why) => page.skipped.add(&why.reason),
        }
    }
    let progress = &mut report.progress;
    progress.nulls_seen += page.nulls;
    if let Some(total) = total {
        progress.total = Some(total.saturating_sub(progress.nulls_seen));
    }
    progress.loaded += page.items.len() as u64;
    progress.skipped += page.skipped.count;
    report.skipped.merge(&page.skipped);
    on_page(page.items, *progress);
}
