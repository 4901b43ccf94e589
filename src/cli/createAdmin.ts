// Creates a staff account, the first administrator included:
//   npm run admin:create -- LOGIN_ID "表示名" [admin|staff|viewer]
// Prints a generated password once. Uses the same database settings as the bot (DATABASE_URL, or
// the embedded database: stop the bot first, one process per folder). While the bot runs, the
// first administrator is made in the browser instead (the set-up address printed at start).
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db/openDatabase.ts";
import { EmbeddedDatabaseInUseError } from "../db/startEmbeddedPostgres.ts";
import { StaffService } from "../domain/staff/StaffService.ts";
import { ZStaffRole } from "../domain/staff/staffTypes.ts";
import { ZodError } from "zod";
import { AppError } from "../errors.ts";

const [loginId, displayName = loginId, roleArg = "admin"] = process.argv.slice(2);
if (!loginId) {
  console.error('Usage: npm run admin:create -- LOGIN_ID "表示名" [admin|staff|viewer]');
  process.exit(2);
}
const config = parseConfig(process.env);
const db = await openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: config.embeddedDbDir }).catch((err: unknown) => {
  // The usual case: the bot is running and holds the embedded folder (one process per folder).
  if (err instanceof EmbeddedDatabaseInUseError || (err instanceof Error && err.name === "EmbeddedDatabaseInUseError")) {
    console.error(
      [
        `Not created: the embedded database in ${config.embeddedDbDir} is in use by the running bot.`,
        `  (${err instanceof Error ? err.message.split("\n")[0] : "in use"})`,
        "  - To make the first administrator, open the set-up address the bot printed when it started",
        "    (…/admin/setup#…); restart the bot to get a new one.",
        "  - To add staff, log in to /admin as an administrator (職員).",
        "  - Or stop the bot and run this command again.",
      ].join("\n"),
    );
  } else {
    console.error(`Not created: the database could not be opened (${err instanceof Error ? err.message : String(err)}).`);
  }
  process.exit(1);
});
try {
  const role = ZStaffRole.parse(roleArg);
  const { staff, password } = await new StaffService(db.prisma).create({ loginId, displayName, role }, "system");
  console.log(`Created ${staff.role} "${staff.loginId}" (${staff.displayName}).\nPassword (shown once): ${password}\nLog in at /admin with it.`);
} catch (err) {
  if (err instanceof ZodError) console.error(`Not created: ${err.issues.map((i) => `${i.path.join(".") || "role"}: ${i.message}`).join("; ")}`);
  else if (err instanceof AppError) console.error(`Not created: ${err.message}`);
  else console.error(`Not created: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
