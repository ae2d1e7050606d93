import { after } from "next/server";
import { prisma } from "@/lib/db/client";
import type { EnqueueVerification } from "./apply-one";
import { runBulkAction } from "./run-bulk";

/**
 * Runs a queued bulk action in this process once the response has gone out
 * (the row carries status and progress; a failure is stored on it).
 */
export function launchBulkAction(id: number, enqueueVerification?: EnqueueVerification): void {
  after(async () => {
    try {
      await runBulkAction({ db: prisma(), id, enqueueVerification });
    } catch (error) {
      console.error(`Bulk action ${id} failed:`, error);
    }
  });
}
