import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { buildOrderBy, buildWhere } from "./build-where";
import { filterToQuery, parseFilter, parseListQuery } from "./schema";

function validationFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return ((error as ValidationError).details as { field: string }[]).map((d) => d.field);
  }
  throw new Error("expected a ValidationError");
}

describe("the filter model", () => {
  it("parses every parameter from a query string, joining repeated ones", () => {
    const f = parseFilter(
      "q=%20Grid%20&subset=Leetcode&subset=Codeforces&status=verified,failed&review=pending&tag=hard&tool=Observe&failure=timeout" +
        "&tools_min=3&tools_max=8&configs_min=2&configs_max=9&steps_min=10&steps_max=256&config_steps_min=4&config_steps_max=7" +
        "&pass_min=0.5&pass_max=1&difficulty_min=0&difficulty_max=0.25&window=in&sort=key&page=3",
    );
    expect(f).toEqual({
      q: "Grid",
      subset: ["Leetcode", "Codeforces"],
      status: ["verified", "failed"],
      review: ["pending"],
      tag: ["hard"],
      tool: ["Observe"],
      failure: ["timeout"],
      tools_min: 3,
      tools_max: 8,
      configs_min: 2,
      configs_max: 9,
      steps_min: 10,
      steps_max: 256,
      config_steps_min: 4,
      config_steps_max: 7,
      pass_min: 0.5,
      pass_max: 1,
      difficulty_min: 0,
      difficulty_max: 0.25,
      window: "in",
    });
  });

  it("accepts Next's searchParams records and drops empty values", () => {
    expect(parseFilter({ status: ["verified", "failed"], q: "", subset: undefined })).toEqual({ status: ["verified", "failed"] });
  });

  it("names the field of every bad parameter", () => {
    expect(validationFields(() => parseFilter("status=bogus"))).toEqual(["status.0"]);
    expect(validationFields(() => parseFilter("tools_min=abc&pass_max=2"))).toEqual(["tools_min", "pass_max"]);
    expect(validationFields(() => parseFilter("colour=red"))).toEqual(["colour"]);
    expect(validationFields(() => parseFilter("window=maybe"))).toEqual(["window"]);
    expect(validationFields(() => parseFilter("q=ab"))).toEqual(["q"]);
    expect(validationFields(() => parseListQuery("sort=password"))).toEqual(["sort"]);
    expect(validationFields(() => parseListQuery("pageSize=5000"))).toEqual(["pageSize"]);
    expect(validationFields(() => parseListQuery("page=0"))).toEqual(["page"]);
  });

  it("rejects a range whose ends are swapped", () => {
    expect(validationFields(() => parseFilter("tools_min=9&tools_max=3"))).toEqual(["tools_min"]);
    expect(validationFields(() => parseListQuery("pass_min=0.9&pass_max=0.1&sort=key"))).toEqual(["pass_min"]);
  });

  it("gives the list defaults", () => {
    expect(parseListQuery("")).toMatchObject({ sort: "key", dir: "asc", page: 1, pageSize: 50 });
  });

  it("writes one canonical query string per filter, which parses back to the same filter", () => {
    const query = parseListQuery("window=out&status=failed,verified&sort=passRate&dir=desc&page=1&q=grid&tools_min=2");
    const text = filterToQuery(query);
    expect(text).toBe("q=grid&status=failed%2Cverified&tools_min=2&window=out&sort=passRate&dir=desc");
    expect(parseListQuery(text)).toEqual(query);
    expect(filterToQuery(parseListQuery(""))).toBe("");
  });
});

describe("buildWhere and buildOrderBy", () => {
  it("binds user text as values and escapes LIKE wildcards", () => {
    const where = buildWhere(parseFilter("q=100%_x&subset=Leetcode"));
    expect(where.sql).not.toContain("100");
    expect(where.values).toEqual(["%100\\%\\_x%", ["Leetcode"]]);
  });

  it("is TRUE for an empty filter", () => {
    expect(buildWhere({ q: undefined }).sql).toBe("TRUE");
  });

  it("orders by the column, then id, with NULLS LAST only on nullable columns", () => {
    expect(buildOrderBy({ sort: "toolCount", dir: "desc" }).sql).toBe('e."toolCount" DESC, e.id DESC');
    expect(buildOrderBy({ sort: "passRate", dir: "desc" }).sql).toBe('e."passRate" DESC NULLS LAST, e.id DESC');
    expect(buildOrderBy({ sort: "key", dir: "asc" }).sql).toBe("e.key ASC");
  });
});
