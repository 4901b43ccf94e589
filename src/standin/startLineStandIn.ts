import type { AddressInfo } from "node:net";
import express from "express";
import { createLineStandIn, type LineStandIn, type LineStandInOptions } from "./createLineStandIn.ts";

export interface RunningLineStandIn {
  /** Origin to pass as the SDK's `baseURL`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  standIn: LineStandIn;
  close(): Promise<void>;
}

/** Serves the stand-in on its own port (0 = any free port), on 127.0.0.1. */
export async function startLineStandIn(options: LineStandInOptions & { port?: number }): Promise<RunningLineStandIn> {
  const standIn = createLineStandIn(options);
  const app = express();
  app.disable("x-powered-by");
  app.use(standIn.router);

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  // Benches open many keep-alive connections; don't let an idle one hold `close()` up.
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    standIn,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
