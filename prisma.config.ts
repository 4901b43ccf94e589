// Prisma CLI configuration. Prisma must not download native engines here, so the CLI talks to the
// database through the same driver adapter as the app (see ../shared/notes/stack.md).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    // Only migrate/status connect; `migrate diff` between schema files needs no database at all.
    // allowExitOnIdle: the CLI never closes the pool, which would otherwise hold it open for 10 s.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, idleTimeoutMillis: 50, allowExitOnIdle: true });
  },
});
