// Pages of a long export read by keyset (submittedAt, id), oldest first: the next page is asked
// for before the current one is handed out, so the database reads it while the export formats and
// writes this one. At most two pages are held at once, however long the export.
export type TKeysetPosition = { submittedAt: Date; id: string };

/**
 * Rows read per query by an export. A page lives long enough to be promoted to V8's old space, which
 * a long export fills up to its next collection: pages of 1,000 keep that plateau a few MB lower
 * than 2,000 (176–182 against 180–190 MB in bench/export.ts), no slower.
 */
export const EXPORT_PAGE_SIZE = 1000;

export async function* keysetPages<R extends TKeysetPosition>(pageSize: number, page: (after: TKeysetPosition | undefined) => Promise<R[]>): AsyncGenerator<R[]> {
  let next: Promise<R[]> | undefined = page(undefined);
  try {
    while (next) {
      const rows: R[] = await next;
      const last = rows.at(-1);
      next = last && rows.length === pageSize ? page({ submittedAt: last.submittedAt, id: last.id }) : undefined;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // The download stopped early (the client went away): the page asked for ahead is not waited for.
    void next?.catch(() => undefined);
  }
}
