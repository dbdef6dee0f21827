/**
 * Evenings (US Eastern dates) on which arXiv skips its 20:00 announcement, so the next
 * morning's listing does not exist.
 *
 * Source: arXiv's "Availability of submissions" page, section "On Deferred Mailings"
 * (https://info.arxiv.org/help/availability.html; its source is source/help/availability.md in
 * github.com/arXiv/arxiv-docs). The 2023 and 2025 lists are copied from two versions of that
 * page. The 2024 list was not in the copies we could read, and December 2025 / 2026 were "not
 * yet scheduled": add them here when arXiv publishes them. A missing holiday is not fatal: the
 * announcement feed itself shows which day it lists, and ingest records the expected day as
 * late rather than complete.
 */
export const ARXIV_HOLIDAYS: readonly string[] = [
  // 2023
  '2023-01-16', '2023-06-14', '2023-06-19', '2023-07-04', '2023-09-04', '2023-11-23', '2023-12-25', '2023-12-27',
  // 2025
  '2025-01-01', '2025-01-20', '2025-06-19', '2025-07-06', '2025-09-01', '2025-11-27',
];
