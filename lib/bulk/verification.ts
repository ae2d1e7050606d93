import type { EnqueueVerification } from "./apply-one";

// The bridge from a bulk re-verify to the verification service (lib/verification,
// another module): undefined until that service exports a way to enqueue a run,
// in which case bulk verify skips every environment with the reason.
export const bulkVerification: EnqueueVerification | undefined = undefined;
