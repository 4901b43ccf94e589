// Pages of a long export read by keyset (submittedAt, id), oldest first: the next page is asked
// for before the current one is handed out, so the database reads it while the export formats and
// writes this one. At most two pages are held at once, however long the export.
export type TKeysetPosition = { submittedAt: Date; id: string };

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
