// A new embedded folder starts as a copy of a migrated template (src/db/embeddedTemplate.ts): made
// once per set of migrations, reused after, templates of older migrations removed; and when the
// template cannot be kept, the folder still gets a migrated database (issue 9: start-up and memory).
import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { localMigrations } from "../src/db/applyMigrations.ts";
import { embeddedTemplate, initializeFromTemplate } from "../src/db/embeddedTemplate.ts";
import { startEmbeddedPostgres } from "../src/db/startEmbeddedPostgres.ts";

const work = await mkdtemp(path.join(tmpdir(), "cityvoice-template-test-"));
afterAll(() => rm(work, { recursive: true, force: true }));

/** The migrations a folder's database records as applied, read the way the bot does at start. */
async function appliedMigrations(dataDir: string): Promise<string[]> {
  const embedded = await startEmbeddedPostgres(dataDir);
  const client = new pg.Client({ connectionString: embedded.url });
  try {
    await client.connect();
    const rows = await client.query<{ migration_name: string }>(`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY 1`);
    return rows.rows.map((r) => r.migration_name);
  } finally {
    await client.end();
    await embedded.stop();
  }
}

describe("Embedded database template", () => {
  it("When a new folder is opened, then it holds every migration, copied from a template made once; a template of older migrations is removed", async () => {
    const root = path.join(work, "cache");
    const stale = path.join(root, "pglite-template-0000000000000000");
    await mkdir(stale, { recursive: true });
    await writeFile(path.join(stale, "PG_VERSION"), "17\n");

    const folder = path.join(work, "city-a");
    await mkdir(folder);
    await initializeFromTemplate(folder, root);
    const all = (await localMigrations()).map((m) => m.name);
    expect(await appliedMigrations(folder)).toEqual(all);

    const [template] = await readdir(root);
    expect(await readdir(root)).toEqual([template]);
    expect(template).not.toBe(path.basename(stale));
    const madeAt = (await stat(path.join(root, template!, "PG_VERSION"))).mtimeMs;

    // A second city's folder: the same template, not made again.
    const second = path.join(work, "city-b");
    await mkdir(second);
    await initializeFromTemplate(second, root);
    expect(await embeddedTemplate(root)).toBe(path.join(root, template!));
    expect((await stat(path.join(root, template!, "PG_VERSION"))).mtimeMs).toBe(madeAt);
    expect(await appliedMigrations(second)).toEqual(all);
  }, 180_000);

  it("When the template cannot be kept (its place is not a folder), then the new folder still gets every migration", async () => {
    const notAFolder = path.join(work, "a-file");
    await writeFile(notAFolder, "");
    const folder = path.join(work, "city-c");
    await mkdir(folder);
    await initializeFromTemplate(folder, path.join(notAFolder, "cache"));
    expect(await appliedMigrations(folder)).toEqual((await localMigrations()).map((m) => m.name));
    expect(await readdir(work)).not.toContain("city-c.building");
  }, 180_000);
});
