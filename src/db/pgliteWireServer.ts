// The embedded database's PostgreSQL wire server: many client connections onto PGlite's ONE session.
//
// Why not @electric-sql/pglite-socket's server: it hands PGlite one protocol message at a time, so
// two connections' extended-protocol sequences (Parse, Bind, Execute, Sync) interleave and one
// clobbers the other's unnamed statement ("unnamed prepared statement does not exist"); the bot
// therefore had to share one connection between every webhook insert and every turn, and an
// acknowledgement queued behind whole turns (issue 7). Here a connection keeps the session from its
// first message to its Sync (or simple Query), and for as long as it holds a transaction open: PGlite
// has one session, so another connection's statements would otherwise run inside that transaction.
// A connection whose application_name is PRIORITY_APPLICATION goes first whenever the session is
// free, so the webhook's insert waits for at most the one turn in progress, never for a queue of them.
//
// Loaded inside a worker thread by Node's own type stripping (see embeddedDatabaseWorker.ts): erasable
// TypeScript only, and `import type` for types.
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

export const PRIORITY_APPLICATION = "cityvoice-ingest";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

type Connection = {
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  priority: boolean;
  /** Sent part of an extended-protocol sequence, not yet its Sync: the session is this connection's. */
  midSequence: boolean;
  closed: boolean;
};

type Unit = { conn: Connection; bytes: Buffer; endsSequence: boolean; queuedAt: number };

export class PgliteWireServer {
  private readonly server: Server;
  private readonly queue: Unit[] = [];
  private readonly connections = new Set<Connection>();
  /** The connection that holds the session (mid-sequence or in a transaction), if any. */
  private owner: Connection | undefined;
  private running = false;
  private readonly db: PGlite;
  /** How long each priority unit (the webhook's insert) waited for the session, ms; read by `takeWaits`. */
  private waits: number[] = [];

  constructor(db: PGlite) {
    this.db = db;
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Let the statement in progress (if any) finish before PGlite is closed under it.
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn: Connection = { socket, buffer: Buffer.alloc(0), started: false, priority: false, midSequence: false, closed: false };
    this.connections.add(conn);
    socket.on("data", (chunk: Buffer) => this.receive(conn, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.drop(conn));
  }

  private receive(conn: Connection, chunk: Buffer): void {
    conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
    if (!conn.started) {
      if (conn.buffer.length < 8) return;
      const length = conn.buffer.readInt32BE(0);
      const code = conn.buffer.readInt32BE(4);
      if (code === SSL_REQUEST) {
        conn.buffer = conn.buffer.subarray(8);
        conn.socket.write("N");
        if (conn.buffer.length > 0) this.receive(conn, Buffer.alloc(0));
        return;
      }
      if (code === CANCEL_REQUEST) {
        conn.socket.destroy(); // not supported; the client gives up on its own
        return;
      }
      if (conn.buffer.length < length) return;
      const startup = conn.buffer.subarray(0, length);
      conn.buffer = conn.buffer.subarray(length);
      conn.started = true;
      conn.priority = startupParameters(startup).get("application_name") === PRIORITY_APPLICATION;
      this.queue.push({ conn, bytes: Buffer.from(startup), endsSequence: true, queuedAt: performance.now() });
    }
    // Complete messages, cut after each Sync or simple Query: one unit is run in one go.
    let offset = 0;
    let start = 0;
    while (conn.buffer.length - offset >= 5) {
      const type = conn.buffer[offset]!;
      const end = offset + 1 + conn.buffer.readInt32BE(offset + 1);
      if (end > conn.buffer.length) break;
      if (type === 0x58) {
        // Terminate: PGlite has one session for everyone, so it is never shut; the socket is.
        if (offset > start) this.queue.push({ conn, bytes: Buffer.from(conn.buffer.subarray(start, offset)), endsSequence: false, queuedAt: performance.now() });
        conn.buffer = Buffer.alloc(0);
        conn.socket.end();
        this.pump();
        return;
      }
      offset = end;
      if (type === 0x53 || type === 0x51) {
        this.queue.push({ conn, bytes: Buffer.from(conn.buffer.subarray(start, offset)), endsSequence: true, queuedAt: performance.now() });
        start = offset;
      }
    }
    if (offset > start) this.queue.push({ conn, bytes: Buffer.from(conn.buffer.subarray(start, offset)), endsSequence: false, queuedAt: performance.now() });
    conn.buffer = conn.buffer.subarray(offset);
    this.pump();
  }

  /** The next unit the session may run: the owner's, else a priority connection's, else the oldest. */
  private take(): Unit | "release" | undefined {
    let index: number;
    if (this.owner) {
      // Gone while holding the session: its sequence and transaction are undone before anyone else runs.
      if (this.owner.closed) return "release";
      index = this.queue.findIndex((u) => u.conn === this.owner);
    } else {
      index = this.queue.findIndex((u) => u.conn.priority);
      if (index === -1 && this.queue.length > 0) index = 0;
    }
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      try {
        for (let unit = this.take(); unit; unit = this.take()) {
          if (unit === "release") await this.release(this.owner!);
          else await this.run(unit);
        }
      } finally {
        this.running = false;
      }
    })();
  }

  /** The priority waits recorded since the last call (for the bench: does an acknowledgement wait behind turns?). */
  takeWaits(): number[] {
    const waits = this.waits;
    this.waits = [];
    return waits;
  }

  private async run(unit: Unit): Promise<void> {
    const { conn } = unit;
    if (conn.priority && this.waits.length < 1_000_000) this.waits.push(performance.now() - unit.queuedAt);
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(new Uint8Array(unit.bytes), {
          // PGlite hands out a view of its own memory: copy before it is reused.
          onRawData: (data) => {
            if (!conn.closed && data.length > 0) conn.socket.write(Buffer.from(data));
          },
        }),
      );
    } catch {
      conn.socket.destroy();
    }
    conn.midSequence = !unit.endsSequence;
    this.owner = conn.midSequence || this.db.isInTransaction() ? conn : undefined;
  }

  private drop(conn: Connection): void {
    conn.closed = true;
    this.connections.delete(conn);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.conn === conn) this.queue.splice(i, 1);
    this.pump();
  }

  /** A connection gone mid-sequence or mid-transaction: end the sequence and roll back. */
  private async release(conn: Connection): Promise<void> {
    try {
      if (conn.midSequence) {
        conn.midSequence = false;
        await this.db.runExclusive(() => this.db.execProtocolRawStream(new Uint8Array(SYNC), { onRawData: () => undefined }));
      }
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } catch {
      // closing: nothing to tell a client that is gone
    }
    this.owner = undefined;
  }
}

function startupParameters(startup: Buffer): Map<string, string> {
  const parts = startup.subarray(8).toString("utf8").split("\0");
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params.set(parts[i]!, parts[i + 1]!);
  return params;
}
