import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { parseQueueQuery, queueHref, queueNavigation } from "./queue-params";

describe("the review queue's URL", () => {
  it("splits mode and at from the shared filter, and builds the same URL back", () => {
    const q = parseQueueQuery(new URLSearchParams("subset=Leetcode&status=failed&status=error&mode=disagreements&at=Leetcode_1_I__AEnv&sort=key"));
    expect(q).toEqual({ filter: { subset: ["Leetcode"], status: ["failed", "error"] }, filterQuery: "subset=Leetcode&status=failed%2Cerror", mode: "disagreements", at: "Leetcode_1_I__AEnv" });
    expect(queueHref(q)).toBe("/review?subset=Leetcode&status=failed%2Cerror&mode=disagreements&at=Leetcode_1_I__AEnv");
    expect(parseQueueQuery({ at: "" })).toEqual({ filter: {}, filterQuery: "", mode: "pending", at: undefined });
  });

  it("names every bad field, of the filter and of the queue", () => {
    let error: unknown;
    try {
      parseQueueQuery({ steps_min: "lots", mode: "all", colour: "red" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = ((error as ValidationError).details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(["colour", "mode", "steps_min"]);
  });

  it("wraps next around to the first, and moves on after a decision", () => {
    const q = { filterQuery: "subset=X", mode: "pending" as const };
    const middle = queueNavigation({ key: "b", prevKey: "a", nextKey: "c", firstKey: "a" }, q);
    expect(middle).toMatchObject({ prevHref: "/review?subset=X&at=a", nextHref: "/review?subset=X&at=c", nextWraps: false, afterDecisionHref: "/review?subset=X&at=c" });
    const last = queueNavigation({ key: "c", prevKey: "b", nextKey: null, firstKey: "a" }, q);
    expect(last).toMatchObject({ nextHref: "/review?subset=X&at=a", nextWraps: true });
    const only = queueNavigation({ key: "a", prevKey: null, nextKey: null, firstKey: "a" }, q);
    expect(only).toMatchObject({ prevHref: null, nextHref: null, afterDecisionHref: "/review?subset=X&at=a" });
  });
});
