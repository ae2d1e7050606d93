import { openDatabase } from "@/lib/db/open-database";
import { migrate } from "@/lib/db/migrate";

// openDatabase migrates already; run again to report what is applied.
const database = await openDatabase({ log: (l) => console.error(l), migrate: false });
try {
  const result = await migrate(database.url);
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations applied).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
