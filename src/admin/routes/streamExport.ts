// Exports (CSV, JSON) streamed into the response by a service: headers once the service has found
// what it exports (a missing one or a bad window still gets the usual JSON error), then chunks,
// waiting when the client reads slower than we write.
import { type Response } from "express";

/** What the services write an export into: begin once the thing is found, then the chunks in order. */
export type TStreamSink = { begin(found: { number: number }): void; write(chunk: string): Promise<void> };

export async function streamExport(
  res: Response,
  contentType: string,
  filename: (found: { number: number }) => string,
  run: (sink: TStreamSink) => Promise<unknown>,
): Promise<undefined> {
  const sink: TStreamSink = {
    begin(found) {
      res.status(200);
      res.setHeader("Content-Type", contentType);
      res.setHeader("Content-Disposition", `attachment; filename="${filename(found)}"`);
      res.setHeader("Cache-Control", "no-store");
    },
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error("the client went away"));
        if (res.write(chunk)) return resolve();
        // Each listener goes when the other fires: a long export waits for drain many times, and
        // close listeners left behind would pile up on the response (MaxListenersExceededWarning).
        const onDrain = () => {
          res.off("close", onClose);
          resolve();
        };
        const onClose = () => {
          res.off("drain", onDrain);
          reject(new Error("the client went away"));
        };
        res.once("drain", onDrain);
        res.once("close", onClose);
      }),
  };
  try {
    await run(sink);
    res.end();
  } catch (err) {
    // After the first byte there is no answering with an error: the download is cut short instead.
    if (!res.headersSent) throw err;
    res.destroy(err instanceof Error ? err : undefined);
  }
  return undefined;
}
