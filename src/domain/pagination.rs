//! Pages of a list.

use serde::{Deserialize, Serialize};

/// Default page size.
pub const DEFAULT_PER_PAGE: i64 = 50;
/// Largest page a client may ask for.
pub const MAX_PER_PAGE: i64 = 200;

/// Which page to show, clamped to sane bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

impl PageRequest {
    /// Clamps the requested values: page ≥ 1, 1 ≤ per_page ≤ [`MAX_PER_PAGE`].
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }

    /// Rows to skip.
    pub fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// Number of pages for `total` rows (at least 1).
    pub fn page_count(self, total: i64) -> i64 {
        ((total + self.per_page - 1) / self.per_page).max(1)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(None, None)
    }
}

/// A page of results, as lists answer: `{"items", "total", "page", "per_page"}`.
#[derive(Debug, Clone, Serialize)]
pub struct Paginated<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows in the whole list.
    pub total: i64,
    /// 1-based page number.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

impl<T> Paginated<T> {
    /// Wraps a page of rows.
    pub fn new(items: Vec<T>, total: i64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            page: request.page,
            per_page: request.per_page,
        }
    }

    /// Converts every row.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paginated<U> {
        Paginated {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_offsets() {
        let p = PageRequest::new(Some(0), Some(10_000));
        assert_eq!((p.page, p.per_page), (1, MAX_PER_PAGE));
        assert_eq!(PageRequest::new(Some(3), Some(20)).offset(), 40);
        assert_eq!(PageRequest::new(None, Some(20)).page_count(41), 3);
        assert_eq!(PageRequest::new(None, Some(20)).page_count(0), 1);
    }
}
