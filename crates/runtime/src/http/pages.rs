//! [`Pages`]: the items of a paginated operation as one stream, fetching pages lazily (each
//! page is one call, retried like every call) and stopping only on the declared rule.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::BoxFuture;

/// One page, as the generated code reads it from a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of items, when the API says.
    pub total: Option<u64>,
    /// Whether more pages follow, when the API says.
    pub has_more: Option<bool>,
    /// The cursor of the next page (cursor pagination).
    pub next_cursor: Option<String>,
    /// The URL of the next page (`Link` or next-URL pagination).
    pub next_url: Option<String>,
}

/// What the next page is asked for with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageInput {
    /// The offset of its first item.
    Offset(u64),
    /// The cursor the previous page named (`None` for the first page).
    Cursor(Option<String>),
    /// The URL the previous page named (`None` for the first page); its query string says
    /// what to ask for.
    Url(Option<String>),
}

impl PageInput {
    /// The offset (0 for a cursor or URL).
    pub fn offset(&self) -> u64 {
        match self {
            PageInput::Offset(offset) => *offset,
            _ => 0,
        }
    }

    /// The cursor, if there is one.
    pub fn cursor(&self) -> Option<&str> {
        match self {
            PageInput::Cursor(cursor) => cursor.as_deref(),
            _ => None,
        }
    }

    /// The query parameters of the next page's URL, decoded (none for the first page).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match self {
            PageInput::Url(Some(url)) => reqwest::Url::parse(url)
                .map(|u| u.query_pairs().into_owned().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Fetches the page `PageInput` asks for.
pub type FetchPage<'a, T, E> =
    Box<dyn FnMut(PageInput) -> BoxFuture<'a, Result<Page<T>, Error<E>>> + Send + 'a>;

enum State<'a, T, E> {
    Ask(PageInput),
    Fetching(BoxFuture<'a, Result<Page<T>, Error<E>>>, PageInput),
    Done,
}

/// Every item of a paginated operation, page after page.
///
/// Offsets advance by the items each page holds, and the stream stops when the declared
/// total is reached, when the API says no more pages follow, or at a page with no items
/// (never at a short page: APIs that skip empty items return short pages mid-way). Cursor
/// pagination stops when a page names no next cursor. An error ends the stream after it is
/// yielded.
pub struct Pages<'a, T, E> {
    fetch: FetchPage<'a, T, E>,
    state: State<'a, T, E>,
    buffer: VecDeque<T>,
    /// Pages fetched so far.
    pages: u64,
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Pages<'a, T, E> {
    /// Offset pagination from `start`.
    pub fn offset(start: u64, fetch: FetchPage<'a, T, E>) -> Self {
        Pages::new(PageInput::Offset(start), fetch)
    }

    /// Cursor pagination from `start` (`None`: the first page).
    pub fn cursor(start: Option<String>, fetch: FetchPage<'a, T, E>) -> Self {
        Pages::new(PageInput::Cursor(start), fetch)
    }

    /// Next-URL pagination (the `Link` header's or the body's), from the first page.
    pub fn next_url(fetch: FetchPage<'a, T, E>) -> Self {
        Pages::new(PageInput::Url(None), fetch)
    }

    fn new(input: PageInput, fetch: FetchPage<'a, T, E>) -> Self {
        Pages {
            fetch,
            state: State::Ask(input),
            buffer: VecDeque::new(),
            pages: 0,
        }
    }

    /// How many pages have been fetched so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// The next item, `None` after the last.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Reads every remaining item.
    pub async fn collect(mut self) -> Result<Vec<T>, Error<E>> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    /// What to ask for after `page`, fetched with `input`; `None` to stop.
    fn after(input: &PageInput, page: &Page<T>) -> Option<PageInput> {
        if page.has_more == Some(false) {
            return None;
        }
        match input {
            PageInput::Offset(offset) => {
                let next = offset + page.items.len() as u64;
                let reached = page.total.is_some_and(|total| next >= total);
                (!page.items.is_empty() && !reached).then_some(PageInput::Offset(next))
            }
            // A cursor or URL that names the page just fetched would fetch it forever: the
            // stream ends there instead.
            PageInput::Cursor(current) => page
                .next_cursor
                .as_ref()
                .filter(|c| !c.is_empty() && Some(*c) != current.as_ref())
                .map(|c| PageInput::Cursor(Some(c.clone()))),
            PageInput::Url(current) => page
                .next_url
                .as_ref()
                .filter(|u| !u.is_empty() && Some(*u) != current.as_ref())
                .map(|u| PageInput::Url(Some(u.clone()))),
        }
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Ask(input) => {
                    let future = (self.fetch)(input.clone());
                    self.state = State::Fetching(future, input);
                }
                State::Fetching(mut future, input) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = State::Fetching(future, input);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(page)) => {
                        self.pages += 1;
                        if let Some(next) = Self::after(&input, &page) {
                            self.state = State::Ask(next);
                        }
                        self.buffer.extend(page.items);
                    }
                },
            }
        }
    }
}

// Items are moved in and out of the buffer, never pinned, so the stream itself need not be.
impl<T, E> Unpin for Pages<'_, T, E> {}

impl<T, E> futures_core::Stream for Pages<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The `rel="next"` URL of a `Link` header (RFC 8288), as GitHub paginates.
pub fn link_next(headers: &super::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.split_once(';')?;
            let next = params.split(';').any(|p| {
                let p = p.trim();
                p.strip_prefix("rel=").is_some_and(|rel| {
                    rel.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r == "next")
                })
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            next.then(|| target.to_owned())
        })
}

/// A page fact (a count, a flag, a cursor) read from whatever type the API gives it:
/// numbers, booleans, strings (Apify's pagination headers are decimal text), JSON values.
pub trait PageFact {
    /// As a count of items.
    fn as_count(&self) -> Option<u64>;
    /// As a "more pages follow" flag.
    fn as_flag(&self) -> Option<bool>;
    /// As a cursor.
    fn as_cursor(&self) -> Option<String>;
}

macro_rules! integer_fact {
    ($($t:ty),*) => {$(
        impl PageFact for $t {
            fn as_count(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
            fn as_flag(&self) -> Option<bool> {
                Some(*self != 0)
            }
            fn as_cursor(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}

integer_fact!(i32, i64, u32, u64);

impl PageFact for f64 {
    fn as_count(&self) -> Option<u64> {
        (self.is_finite() && *self >= 0.0 && self.fract() == 0.0).then_some(*self as u64)
    }
    fn as_flag(&self) -> Option<bool> {
        Some(*self != 0.0)
    }
    fn as_cursor(&self) -> Option<String> {
        Some(self.to_string())
    }
}

impl PageFact for bool {
    fn as_count(&self) -> Option<u64> {
        None
    }
    fn as_flag(&self) -> Option<bool> {
        Some(*self)
    }
    fn as_cursor(&self) -> Option<String> {
        None
    }
}

impl PageFact for str {
    fn as_count(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
    fn as_flag(&self) -> Option<bool> {
        match self.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
    fn as_cursor(&self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl PageFact for String {
    fn as_count(&self) -> Option<u64> {
        self.as_str().as_count()
    }
    fn as_flag(&self) -> Option<bool> {
        self.as_str().as_flag()
    }
    fn as_cursor(&self) -> Option<String> {
        Some(self.clone())
    }
}

macro_rules! text_fact {
    ($($t:ty),*) => {$(
        impl PageFact for $t {
            fn as_count(&self) -> Option<u64> {
                self.as_str().as_count()
            }
            fn as_flag(&self) -> Option<bool> {
                self.as_str().as_flag()
            }
            fn as_cursor(&self) -> Option<String> {
                Some(self.as_str().to_owned())
            }
        }
    )*};
}

// Format types keep their wire text: a next-page URL is usually a `Uri`.
text_fact!(
    crate::DateTime,
    crate::Date,
    crate::Email,
    crate::Uri,
    crate::Uuid
);

impl PageFact for serde_json::Value {
    fn as_count(&self) -> Option<u64> {
        match self {
            serde_json::Value::String(s) => s.as_count(),
            other => other.as_u64(),
        }
    }
    fn as_flag(&self) -> Option<bool> {
        match self {
            serde_json::Value::String(s) => s.as_flag(),
            other => other.as_bool(),
        }
    }
    fn as_cursor(&self) -> Option<String> {
        match self {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, total: Option<u64>) -> Page<u8> {
        Page {
            items: vec![0; items],
            total,
            has_more: None,
            next_cursor: None,
            next_url: None,
        }
    }

    #[test]
    fn finds_the_next_link() {
        let mut headers = super::super::HeaderMap::new();
        headers.insert(
            "link",
            "<https://api.github.com/repos/o/r/issues?page=2&per_page=3>; rel=\"next\", <https://api.github.com/repos/o/r/issues?page=9>; rel=\"last\""
                .parse()
                .unwrap(),
        );
        let next = link_next(&headers).unwrap();
        assert_eq!(
            next,
            "https://api.github.com/repos/o/r/issues?page=2&per_page=3"
        );
        let input = PageInput::Url(Some(next));
        assert_eq!(
            input.query_pairs(),
            [
                ("page".to_owned(), "2".to_owned()),
                ("per_page".to_owned(), "3".to_owned())
            ]
        );
        headers.insert("link", "<https://x/?page=1>; rel=\"prev\"".parse().unwrap());
        assert_eq!(link_next(&headers), None);
    }

    #[test]
    fn offsets_stop_on_the_total_or_an_empty_page_never_a_short_one() {
        let at = PageInput::Offset(0);
        type P = Pages<'static, u8, ()>;
        assert_eq!(P::after(&at, &page(2, Some(5))), Some(PageInput::Offset(2)));
        assert_eq!(P::after(&PageInput::Offset(3), &page(2, Some(5))), None);
        // A short page mid-way (empty items skipped) goes on.
        assert_eq!(P::after(&at, &page(1, None)), Some(PageInput::Offset(1)));
        assert_eq!(P::after(&at, &page(0, None)), None);
        let mut done = page(2, None);
        done.has_more = Some(false);
        assert_eq!(P::after(&at, &done), None);
        let mut cursor = page(2, None);
        cursor.next_cursor = Some("k".into());
        assert_eq!(
            P::after(&PageInput::Cursor(None), &cursor),
            Some(PageInput::Cursor(Some("k".into())))
        );
        assert_eq!(P::after(&PageInput::Cursor(None), &page(2, None)), None);
    }

    #[test]
    fn a_cursor_or_url_naming_the_page_just_fetched_ends_the_stream() {
        type P = Pages<'static, u8, ()>;
        let mut cursor = page(2, None);
        cursor.next_cursor = Some("k".into());
        assert_eq!(
            P::after(&PageInput::Cursor(Some("k".into())), &cursor),
            None
        );
        let mut link = page(2, None);
        link.next_url = Some("https://x/?page=2".into());
        let at = PageInput::Url(Some("https://x/?page=2".into()));
        assert_eq!(P::after(&at, &link), None);
        assert_eq!(
            P::after(&PageInput::Url(Some("https://x/?page=1".into())), &link),
            Some(at)
        );
    }
}
