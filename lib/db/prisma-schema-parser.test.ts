import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePrismaSchema, type PrismaSchema } from "@/lib/db/prisma-schema-parser";

const SCHEMA = `
// A comment, and a doc comment below.
generator client {
  provider = "prisma-client" // trailing comment
}

datasource db {
  provider = "postgresql"
}

/// Colours, stored in lower case.
enum Colour {
  Red   @map("red")
  Green @map("green")

  @@map("colour")
}

model Owner {
  id     Int     @id @default(autoincrement())
  email  String  @unique(map: "owner_email")
  site   String  @default("https://example.com/a//b") // "//" inside a string is not a comment
  quote  String  @default("say \\"hi\\"")
  pets   Pet[]
}

model Pet {
  ownerId   Int      @map("owner_id")
  name      String
  colour    Colour?  @default(Red)
  tags      String[] @default([])
  weight    Float?
  notes     Json     @default("{}")
  legacy    Unsupported("circle")?
  code      String   @db.VarChar(12)
  updatedAt DateTime @updatedAt
  owner     Owner    @relation("OwnerPets", fields: [ownerId], references: [id], onDelete: Cascade, onUpdate: Restrict, map: "pet_owner")

  @@id([ownerId, name])
  @@unique([name, colour], map: "pet_name_colour")
  @@index([name(sort: Desc), weight])
  @@index([notes(ops: JsonbPathOps)], type: Gin)
  @@index(
    fields: [code(ops: raw("gin_trgm_ops"))],
    type: Gin
  )
  @@map("pets")
}
`;

describe("parsePrismaSchema", () => {
  const schema: PrismaSchema = parsePrismaSchema(SCHEMA);
  const owner = schema.models.find((m) => m.name === "Owner");
  const pet = schema.models.find((m) => m.name === "Pet");
  const petField = (name: string) => pet?.fields.find((f) => f.name === name);

  it("reads enums with their mapped names and values in order", () => {
    expect(schema.enums).toEqual([
      { name: "Colour", dbName: "colour", values: [{ name: "Red", dbName: "red" }, { name: "Green", dbName: "green" }] },
    ]);
  });

  it("reads models, @@map and fields in order, skipping generator and datasource", () => {
    expect(schema.models.map((m) => [m.name, m.dbName])).toEqual([["Owner", "Owner"], ["Pet", "pets"]]);
    expect(pet?.fields.map((f) => f.name)).toEqual(["ownerId", "name", "colour", "tags", "weight", "notes", "legacy", "code", "updatedAt", "owner"]);
  });

  it("reads type modifiers, kinds and field attributes", () => {
    expect(owner?.fields.find((f) => f.name === "id")).toMatchObject({
      type: "Int",
      kind: "scalar",
      optional: false,
      list: false,
      id: { map: null },
      default: { kind: "call", name: "autoincrement", args: [] },
    });
    expect(owner?.fields.find((f) => f.name === "email")?.unique).toEqual({ map: "owner_email" });
    expect(owner?.fields.find((f) => f.name === "pets")).toMatchObject({ type: "Pet", kind: "relation", isRelation: true, list: true });
    expect(petField("ownerId")?.dbName).toBe("owner_id");
    expect(petField("colour")).toMatchObject({ kind: "enum", optional: true, default: { kind: "ident", value: "Red" } });
    expect(petField("tags")).toMatchObject({ type: "String", list: true, optional: false, default: { kind: "array", items: [] } });
    expect(petField("legacy")).toMatchObject({ type: "circle", kind: "unsupported", optional: true });
    expect(petField("code")?.nativeType).toBe("VarChar(12)");
    expect(petField("updatedAt")).toMatchObject({ updatedAt: true, default: null });
  });

  it("keeps strings intact: // inside them and escaped quotes", () => {
    expect(owner?.fields.find((f) => f.name === "site")?.default).toEqual({ kind: "string", value: "https://example.com/a//b" });
    expect(owner?.fields.find((f) => f.name === "quote")?.default).toEqual({ kind: "string", value: 'say "hi"' });
  });

  it("reads @relation with its name, fields, references, actions and map", () => {
    expect(petField("owner")?.relation).toEqual({
      name: "OwnerPets",
      fields: ["ownerId"],
      references: ["id"],
      onDelete: "Cascade",
      onUpdate: "Restrict",
      map: "pet_owner",
    });
    expect(owner?.fields.find((f) => f.name === "pets")?.relation).toEqual({
      name: null,
      fields: [],
      references: [],
      onDelete: null,
      onUpdate: null,
      map: null,
    });
  });

  it("reads @@id, @@unique and @@index, including sort, ops, type and multi-line arguments", () => {
    expect(pet?.id).toEqual({ fields: [{ name: "ownerId", ops: null, sort: null }, { name: "name", ops: null, sort: null }], map: null, type: null });
    expect(pet?.uniques).toEqual([
      { fields: [{ name: "name", ops: null, sort: null }, { name: "colour", ops: null, sort: null }], map: "pet_name_colour", type: null },
    ]);
    expect(pet?.indexes).toEqual([
      { fields: [{ name: "name", ops: null, sort: "Desc" }, { name: "weight", ops: null, sort: null }], map: null, type: null },
      { fields: [{ name: "notes", ops: { raw: false, name: "JsonbPathOps" }, sort: null }], map: null, type: "Gin" },
      { fields: [{ name: "code", ops: { raw: true, name: "gin_trgm_ops" }, sort: null }], map: null, type: "Gin" },
    ]);
  });

  it("reports where it cannot follow the schema", () => {
    expect(() => parsePrismaSchema("model A {\n  id Int @id\n")).toThrow(/block A is not closed/);
    expect(() => parsePrismaSchema("model A {\n  id Int @id @default(\n}")).toThrow(/line 2 \(model A\): Unexpected input at "}"/);
    expect(() => parsePrismaSchema("model A {\n  id Int @id $oops\n}")).toThrow(/line 2 \(model A\)/);
    expect(() => parsePrismaSchema("view V {\n  id Int\n}")).toThrow(/view blocks are not supported/);
  });

  it("parses the project's schema.prisma", () => {
    const real = parsePrismaSchema(fs.readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8"));
    const environment = real.models.find((m) => m.name === "Environment");
    expect(environment?.indexes).toContainEqual({
      fields: [{ name: "searchText", ops: { raw: true, name: "gin_trgm_ops" }, sort: null }],
      map: null,
      type: "Gin",
    });
    expect(environment?.fields.find((f) => f.name === "currentRevision")).toMatchObject({
      isRelation: true,
      optional: true,
      relation: { name: "CurrentRevision", fields: ["currentRevisionId"], references: ["id"], onDelete: null },
    });
    expect(real.enums.find((e) => e.name === "FailureKind")?.values.map((v) => v.name)).toEqual([
      "wrong_answer", "exception", "timeout", "memory", "syntax_error", "no_class", "bad_config", "crash",
    ]);
  });
});
