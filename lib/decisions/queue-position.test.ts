import { describe, expect, it } from "vitest";
import { positionSlot, savedPosition, withPosition } from "./queue-position";

describe("remembered queue positions", () => {
  const pending = positionSlot(1, "pending", "subset=Leetcode&status=verified%2Cfailed");
  const other = positionSlot(2, "pending", "subset=Leetcode&status=verified%2Cfailed");

  it("keeps one position per user, mode and filter, and survives URI decoding on the way back", () => {
    let cookie = withPosition(undefined, pending, "Leetcode_1873_I__TwoSumLookupEnv");
    cookie = withPosition(cookie, other, "Leetcode_6037_I__CoinChangeEnv");
    expect(cookie).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(savedPosition(decodeURIComponent(cookie), pending)).toBe("Leetcode_1873_I__TwoSumLookupEnv");
    expect(savedPosition(cookie, other)).toBe("Leetcode_6037_I__CoinChangeEnv");
    expect(savedPosition(cookie, positionSlot(1, "disagreements", "subset=Leetcode&status=verified%2Cfailed"))).toBeUndefined();
    expect(savedPosition(withPosition(cookie, pending, null), pending)).toBeUndefined();
  });

  it("drops the oldest positions to stay cookie-sized, and reads garbage as no position", () => {
    let cookie = "";
    for (let i = 0; i < 40; i++) cookie = withPosition(cookie, positionSlot(1, "pending", `q=${"x".repeat(200)}${i}`), `Key_${i}`);
    expect(cookie.length).toBeLessThanOrEqual(3000);
    expect(savedPosition(cookie, positionSlot(1, "pending", `q=${"x".repeat(200)}39`))).toBe("Key_39");
    expect(savedPosition(cookie, positionSlot(1, "pending", `q=${"x".repeat(200)}0`))).toBeUndefined();
    expect(savedPosition("not base64 json!", pending)).toBeUndefined();
  });
});
