/**
 * Proves prisma/schema.prisma and the hand-written SQL migrations describe the
 * same database. Prisma's own diff command would do this, but the Prisma CLI cannot
 * get its schema engine here, so: parse schema.prisma, derive what Prisma's
 * migrations would create for it (its naming and type conventions on
 * PostgreSQL), migrate an empty database with our runner, read the catalog
 * back and list every difference.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase, migrate, readMigrations } from "@/lib/db/migrate";
import {
  parsePrismaSchema,
  type IndexDef,
  type PrismaField,
  type PrismaModel,
  type PrismaSchema,
  type Value,
} from "@/lib/db/prisma-schema-parser";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Our runner's bookkeeping table, which no model describes. */
const IGNORED_TABLES = new Set(["_prisma_migrations"]);

// ---------------------------------------------------------------------------
// The database as introspected (and as Prisma would create it)

interface DbSchema {
  enums: { name: string; values: string[] }[];
  tables: DbTable[];
}

interface DbTable {
  name: string;
  columns: DbColumn[];
  primaryKey: { name: string; columns: string[] } | null;
  /** Every index except the primary key's. */
  indexes: DbIndex[];
  foreignKeys: DbForeignKey[];
  /** Unique, check and exclusion constraints, which Prisma never creates. */
  otherConstraints: { name: string; type: string }[];
}

interface DbColumn {
  name: string;
  /** As format_type() spells it: text, integer, "Role", "FailureKind"[], timestamp(3) without time zone. */
  type: string;
  nullable: boolean;
  /** As pg_get_expr() spells it, null when there is none. */
  default: string | null;
}

interface DbIndex {
  name: string;
  columns: string[];
  unique: boolean;
  method: string;
  /** One per column; null for the column type's default operator class. */
  opclasses: (string | null)[];
  descending: boolean[];
  predicate: string | null;
}

interface DbForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

// ---------------------------------------------------------------------------
// What Prisma would create for a model

type Labeled<T> = T & { label: string };

interface ExpectedTable {
  model: string;
  name: string;
  columns: Labeled<DbColumn>[];
  primaryKey: Labeled<{ name: string; columns: string[] }> | null;
  indexes: Labeled<DbIndex>[];
  foreignKeys: Labeled<DbForeignKey>[];
  unsupported: string[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

const NATIVE_TYPES: Record<string, (args: string) => string> = {
  Text: () => "text",
  VarChar: (n) => (n ? `character varying(${n})` : "character varying"),
  Char: (n) => `character(${n || 1})`,
  Uuid: () => "uuid",
  Integer: () => "integer",
  SmallInt: () => "smallint",
  BigInt: () => "bigint",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (ps) => (ps ? `numeric(${ps})` : "numeric"),
  Boolean: () => "boolean",
  Date: () => "date",
  Timestamp: (p) => `timestamp(${p || 3}) without time zone`,
  Timestamptz: (p) => `timestamp(${p || 3}) with time zone`,
  JsonB: () => "jsonb",
  Json: () => "json",
  ByteA: () => "bytea",
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/** How format_type() and pg_get_expr() print an identifier. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function notUnderstood(what: string): string {
  return `<${what} is not understood by schema-drift.test.ts; teach it>`;
}

function findModel(schema: PrismaSchema, name: string): PrismaModel | undefined {
  return schema.models.find((m) => m.name === name);
}

function columnName(model: PrismaModel, field: string): string {
  return model.fields.find((f) => f.name === field)?.dbName ?? field;
}

function baseColumnType(field: PrismaField, schema: PrismaSchema): string {
  if (field.kind === "unsupported") return field.type;
  if (field.kind === "enum") return quoteIdent(schema.enums.find((e) => e.name === field.type)?.dbName ?? field.type);
  if (field.nativeType) {
    const [, type = "", args = ""] = /^(\w+)(?:\((.*)\))?$/.exec(field.nativeType) ?? [];
    return NATIVE_TYPES[type]?.(args) ?? notUnderstood(`@db.${field.nativeType}`);
  }
  return SCALAR_TYPES[field.type] ?? notUnderstood(`type ${field.type}`);
}

function expectedColumnType(field: PrismaField, schema: PrismaSchema): string {
  const base = baseColumnType(field, schema);
  return field.list ? `${base}[]` : base;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A literal default as pg_get_expr() prints it: the value cast to the column's type (without typmod). */
function literalDefault(value: Value, field: PrismaField, schema: PrismaSchema): string {
  const cast = baseColumnType(field, schema).replace(/\(\d+(,\d+)?\)/, "");
  if (field.kind === "enum" && value.kind === "ident") {
    const label = schema.enums.find((e) => e.name === field.type)?.values.find((v) => v.name === value.value)?.dbName;
    return `${sqlString(label ?? value.value)}::${cast}`;
  }
  if (value.kind === "string") return `${sqlString(value.value)}::${cast}`;
  if (value.kind === "number" || value.kind === "ident") return value.value;
  return notUnderstood(`@default(${JSON.stringify(value)})`);
}

function expectedDefault(field: PrismaField, table: string, schema: PrismaSchema): string | null {
  const value = field.default;
  if (!value) return null;
  if (value.kind === "array") {
    if (!value.items.length) return `ARRAY[]::${expectedColumnType(field, schema)}`;
    return `ARRAY[${value.items.map((item) => literalDefault(item, field, schema)).join(", ")}]`;
  }
  if (value.kind !== "call") return literalDefault(value, field, schema);
  switch (value.name) {
    case "autoincrement":
      return `nextval('${quoteIdent(`${table}_${field.dbName}_seq`)}'::regclass)`;
    case "now":
      return "CURRENT_TIMESTAMP";
    case "dbgenerated": {
      const sql = value.args[0]?.value;
      return sql?.kind === "string" ? sql.value : notUnderstood("dbgenerated() without SQL");
    }
    case "uuid":
    case "cuid":
    case "nanoid":
    case "ulid":
      return null; // generated by Prisma Client, not by the database
    default:
      return notUnderstood(`@default(${value.name}())`);
  }
}

function expectedColumns(model: PrismaModel, schema: PrismaSchema): Labeled<DbColumn>[] {
  return model.fields
    .filter((field) => !field.isRelation)
    .map((field) => ({
      label: `${model.name}.${field.name}`,
      name: field.dbName,
      type: expectedColumnType(field, schema),
      // Prisma never makes scalar list columns NOT NULL.
      nullable: field.optional || field.list,
      default: expectedDefault(field, model.dbName, schema),
    }));
}

function expectedPrimaryKey(model: PrismaModel): ExpectedTable["primaryKey"] {
  const idField = model.fields.find((f) => f.id);
  if (idField?.id) {
    return { label: `${model.name}.${idField.name} @id`, name: idField.id.map ?? `${model.dbName}_pkey`, columns: [idField.dbName] };
  }
  if (!model.id) return null;
  const columns = model.id.fields.map((f) => columnName(model, f.name));
  return { label: `${model.name} @@id(${describeIndexDef(model.id)})`, name: model.id.map ?? `${model.dbName}_pkey`, columns };
}

function describeIndexDef(def: IndexDef): string {
  return `[${def.fields.map((f) => f.name).join(", ")}]`;
}

/** Prisma's named operator classes (JsonbPathOps, Int4MinMaxOps) in PostgreSQL's spelling. */
function opclassName(ops: { raw: boolean; name: string }): string {
  if (ops.raw) return ops.name;
  return ops.name.replace(/MinMax/g, "Minmax").replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase();
}

function expectedIndex(model: PrismaModel, def: IndexDef, unique: boolean, label: string): Labeled<DbIndex> {
  const columns = def.fields.map((f) => columnName(model, f.name));
  return {
    label,
    name: def.map ?? `${model.dbName}_${columns.join("_")}_${unique ? "key" : "idx"}`,
    columns,
    unique,
    method: def.type?.toLowerCase() ?? "btree",
    opclasses: def.fields.map((f) => (f.ops ? opclassName(f.ops) : null)),
    descending: def.fields.map((f) => f.sort === "Desc"),
    predicate: null,
  };
}

function expectedIndexes(model: PrismaModel): Labeled<DbIndex>[] {
  const fieldUniques = model.fields.flatMap((field) =>
    field.unique
      ? [expectedIndex(model, { fields: [{ name: field.name, ops: null, sort: null }], map: field.unique.map, type: null }, true, `${model.name}.${field.name} @unique`)]
      : [],
  );
  return [
    ...fieldUniques,
    ...model.uniques.map((def) => expectedIndex(model, def, true, `${model.name} @@unique(${describeIndexDef(def)})`)),
    ...model.indexes.map((def) => expectedIndex(model, def, false, `${model.name} @@index(${describeIndexDef(def)})`)),
  ];
}

function expectedForeignKeys(model: PrismaModel, schema: PrismaSchema): Labeled<DbForeignKey>[] {
  return model.fields.flatMap((field) => {
    const relation = field.relation;
    if (!relation?.fields.length) return [];
    const target = findModel(schema, field.type);
    const columns = relation.fields.map((f) => columnName(model, f));
    // Prisma's defaults: an optional relation is SET NULL on delete, a required one RESTRICT.
    const onDelete = relation.onDelete ?? (field.optional ? "SetNull" : "Restrict");
    const onUpdate = relation.onUpdate ?? "Cascade";
    return [
      {
        label: `${model.name}.${field.name} @relation`,
        name: relation.map ?? `${model.dbName}_${columns.join("_")}_fkey`,
        columns,
        referencedTable: target?.dbName ?? field.type,
        referencedColumns: relation.references.map((f) => (target ? columnName(target, f) : f)),
        onDelete: REFERENTIAL_ACTIONS[onDelete] ?? notUnderstood(`onDelete: ${onDelete}`),
        onUpdate: REFERENTIAL_ACTIONS[onUpdate] ?? notUnderstood(`onUpdate: ${onUpdate}`),
      },
    ];
  });
}

/** Implicit many-to-many relations get a `_AToB` join table, which this checker does not model. */
function implicitManyToMany(model: PrismaModel, schema: PrismaSchema): string[] {
  return model.fields
    .filter((field) => field.isRelation && field.list)
    .filter((field) =>
      findModel(schema, field.type)?.fields.some(
        (back) => back.list && back.type === model.name && back !== field && back.relation?.name === field.relation?.name,
      ),
    )
    .map((field) => `${model.name}.${field.name}: implicit many-to-many relations are not understood by schema-drift.test.ts`);
}

function expectedTable(model: PrismaModel, schema: PrismaSchema): ExpectedTable {
  return {
    model: model.name,
    name: model.dbName,
    columns: expectedColumns(model, schema),
    primaryKey: expectedPrimaryKey(model),
    indexes: expectedIndexes(model),
    foreignKeys: expectedForeignKeys(model, schema),
    unsupported: implicitManyToMany(model, schema),
  };
}

// ---------------------------------------------------------------------------
// Comparison

const list = (items: readonly unknown[]) => `(${items.join(", ")})`;

/** Compares property descriptions, one message per property that differs. */
function propertyDifferences(subject: string, actual: Record<string, string>, expected: Record<string, string>): string[] {
  return Object.keys(expected)
    .filter((key) => actual[key] !== expected[key])
    .map((key) => `${subject}: ${key} is ${actual[key]} in the database, schema.prisma implies ${expected[key]}`);
}

/** pg_get_expr() prints negative numbers as '-1'::integer and Prisma may write 1.0 for 1. */
function normalizeDefault(expression: string | null): string {
  if (expression === null) return "none";
  const number = /^'?(-?\d+(?:\.\d+)?)'?(?:::(?:integer|bigint|numeric|double precision))?$/.exec(expression);
  return number?.[1] ? String(Number(number[1])) : expression;
}

function describeColumn(column: DbColumn) {
  return { type: column.type, nullability: column.nullable ? "NULL" : "NOT NULL", default: normalizeDefault(column.default) };
}

function describeIndex(index: DbIndex) {
  return {
    columns: list(index.columns),
    uniqueness: index.unique ? "UNIQUE" : "not unique",
    method: index.method,
    opclasses: list(index.opclasses.map((o) => o ?? "default")),
    order: list(index.descending.map((d) => (d ? "DESC" : "ASC"))),
    predicate: index.predicate ?? "none",
  };
}

function describeForeignKey(fk: DbForeignKey) {
  return {
    columns: list(fk.columns),
    references: `"${fk.referencedTable}"${list(fk.referencedColumns)}`,
    "ON DELETE": fk.onDelete,
    "ON UPDATE": fk.onUpdate,
  };
}

/** Matches expected and actual items by name: missing ones, differing ones, then extra ones. */
function compareNamed<T extends { name: string }>(
  kind: string,
  model: string,
  expected: Labeled<T>[],
  actual: T[],
  describe: (item: T) => Record<string, string>,
): string[] {
  const byName = new Map(actual.map((item) => [item.name, item]));
  const wanted = new Set(expected.map((item) => item.name));
  return [
    ...expected.flatMap((item) => {
      const found = byName.get(item.name);
      if (!found) return [`${item.label}: ${kind} "${item.name}" is missing from the database`];
      return propertyDifferences(`${item.label}: ${kind} "${item.name}"`, describe(found), describe(item));
    }),
    ...actual
      .filter((item) => !wanted.has(item.name))
      .map((item) => `model ${model}: the database has ${kind} "${item.name}" ${list(Object.values(describe(item)))}, which schema.prisma does not imply`),
  ];
}

function comparePrimaryKey(expected: ExpectedTable, actual: DbTable): string[] {
  const want = expected.primaryKey;
  const have = actual.primaryKey;
  if (!want && !have) return [];
  if (!want) return [`model ${expected.model}: the database has primary key "${have?.name}" ${list(have?.columns ?? [])}, but the model has no @id`];
  if (!have) return [`${want.label}: primary key "${want.name}" is missing from the database`];
  return propertyDifferences(`${want.label}: primary key`, { name: have.name, columns: list(have.columns) }, { name: want.name, columns: list(want.columns) });
}

function compareTable(expected: ExpectedTable, actual: DbTable): string[] {
  return [
    ...expected.unsupported,
    ...compareNamed("column", expected.model, expected.columns, actual.columns, describeColumn),
    ...comparePrimaryKey(expected, actual),
    ...compareNamed("index", expected.model, expected.indexes, actual.indexes, describeIndex),
    ...compareNamed("foreign key", expected.model, expected.foreignKeys, actual.foreignKeys, describeForeignKey),
    ...actual.otherConstraints.map(
      (c) => `model ${expected.model}: the database has ${c.type} constraint "${c.name}", which Prisma would not create (it makes unique indexes, not constraints)`,
    ),
  ];
}

function compareEnums(schema: PrismaSchema, db: DbSchema): string[] {
  const byName = new Map(db.enums.map((e) => [e.name, e]));
  const wanted = new Set(schema.enums.map((e) => e.dbName));
  return [
    ...schema.enums.flatMap((e) => {
      const found = byName.get(e.dbName);
      const values = e.values.map((v) => v.dbName);
      if (!found) return [`enum ${e.name}: type "${e.dbName}" is missing from the database`];
      if (list(found.values) === list(values)) return [];
      return [`enum ${e.name}: values are ${list(found.values)} in the database, schema.prisma has ${list(values)}`];
    }),
    ...db.enums.filter((e) => !wanted.has(e.name)).map((e) => `the database has enum type "${e.name}" ${list(e.values)}, which schema.prisma does not declare`),
  ];
}

/** Every difference between what schema.prisma implies and the database; empty when they agree. */
function compareSchemaToDatabase(schema: PrismaSchema, db: DbSchema): string[] {
  const tables = new Map(db.tables.map((t) => [t.name, t]));
  const wanted = new Set(schema.models.map((m) => m.dbName));
  return [
    ...compareEnums(schema, db),
    ...schema.models.flatMap((model) => {
      const table = tables.get(model.dbName);
      if (!table) return [`model ${model.name}: table "${model.dbName}" is missing from the database`];
      return compareTable(expectedTable(model, schema), table);
    }),
    ...db.tables
      .filter((t) => !wanted.has(t.name) && !IGNORED_TABLES.has(t.name))
      .map((t) => `the database has table "${t.name}", which no model in schema.prisma maps to`),
  ];
}

// ---------------------------------------------------------------------------
// Introspection of schema public

const ENUMS_SQL = `
SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typnamespace = 'public'::regnamespace
GROUP BY t.typname`;

const TABLE_KINDS = `('r', 'p', 'v', 'm', 'f')`;

const TABLES_SQL = `
SELECT relname AS name FROM pg_class
WHERE relnamespace = 'public'::regnamespace AND relkind IN ${TABLE_KINDS}
ORDER BY relname`;

const COLUMNS_SQL = `
SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ${TABLE_KINDS} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

// Expression columns (attnum 0) show as their expression; the opclass is '' when it is the type's default.
const INDEXES_SQL = `
SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, am.amname AS method,
       pg_get_expr(x.indpred, x.indrelid) AS predicate,
       array(SELECT coalesce(a.attname, pg_get_indexdef(x.indexrelid, k.ord::int, true))
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
             WHERE k.ord <= x.indnkeyatts ORDER BY k.ord)::text[] AS columns,
       array(SELECT CASE WHEN o.opcdefault THEN '' ELSE o.opcname END
             FROM unnest(x.indclass::oid[]) WITH ORDINALITY AS k(opclass, ord)
             JOIN pg_opclass o ON o.oid = k.opclass ORDER BY k.ord)::text[] AS opclasses,
       array(SELECT (k.option & 1) = 1
             FROM unnest(x.indoption::int2[]) WITH ORDINALITY AS k(option, ord) ORDER BY k.ord)::text[] AS descending
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_am am ON am.oid = i.relam
WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary`;

// NOT NULL constraints (contype 'n', new in PostgreSQL 18) are covered by column nullability.
const CONSTRAINTS_SQL = `
SELECT t.relname AS table, c.conname AS name, c.contype AS type, r.relname AS referenced_table,
       array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
       array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns,
       c.confdeltype AS on_delete, c.confupdtype AS on_update
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
LEFT JOIN pg_class r ON r.oid = c.confrelid
WHERE t.relnamespace = 'public'::regnamespace AND c.contype <> 'n'`;

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
const CONSTRAINT_TYPES: Record<string, string> = { u: "unique", c: "check", x: "exclusion", t: "constraint trigger" };

interface IndexRow extends Omit<DbIndex, "opclasses" | "descending"> {
  table: string;
  opclasses: string[];
  descending: string[];
}

interface ConstraintRow {
  table: string;
  name: string;
  type: string;
  referenced_table: string | null;
  columns: string[];
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}

async function introspectDatabase(client: pg.Client): Promise<DbSchema> {
  const enums = await client.query<{ name: string; values: string[] }>(ENUMS_SQL);
  const tables = await client.query<{ name: string }>(TABLES_SQL);
  const columns = await client.query<DbColumn & { table: string }>(COLUMNS_SQL);
  const indexes = await client.query<IndexRow>(INDEXES_SQL);
  const constraints = await client.query<ConstraintRow>(CONSTRAINTS_SQL);
  const ofTable = <T extends { table: string }>(rows: T[], table: string) => rows.filter((row) => row.table === table);
  return {
    enums: enums.rows,
    tables: tables.rows.map(({ name }) => {
      const tableConstraints = ofTable(constraints.rows, name);
      const primaryKey = tableConstraints.find((c) => c.type === "p");
      return {
        name,
        columns: ofTable(columns.rows, name).map(({ table: _, ...column }) => column),
        primaryKey: primaryKey ? { name: primaryKey.name, columns: primaryKey.columns } : null,
        indexes: ofTable(indexes.rows, name).map(({ table: _, ...index }) => ({
          ...index,
          opclasses: index.opclasses.map((o) => o || null),
          descending: index.descending.map((d) => d === "true"),
        })),
        foreignKeys: tableConstraints
          .filter((c) => c.type === "f")
          .map((c) => ({
            name: c.name,
            columns: c.columns,
            referencedTable: c.referenced_table ?? "?",
            referencedColumns: c.referenced_columns,
            onDelete: FK_ACTIONS[c.on_delete] ?? c.on_delete,
            onUpdate: FK_ACTIONS[c.on_update] ?? c.on_update,
          })),
        otherConstraints: tableConstraints
          .filter((c) => c.type !== "p" && c.type !== "f")
          .map((c) => ({ name: c.name, type: CONSTRAINT_TYPES[c.type] ?? c.type })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Tests

describe("schema.prisma and the SQL migrations", () => {
  const adminUrl = inject("pgAdminUrl");
  const database = `curator_drift_${crypto.randomBytes(6).toString("hex")}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  let client: pg.Client | undefined;
  let schema: PrismaSchema;
  let db: DbSchema;

  beforeAll(async () => {
    await ensureDatabase(adminUrl, database);
    await migrate(url, readMigrations(path.join(ROOT, "prisma/migrations")));
    client = new pg.Client({ connectionString: url });
    await client.connect();
    db = await introspectDatabase(client);
    schema = parsePrismaSchema(fs.readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8"));
  });

  afterAll(async () => {
    await client?.end();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(database)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it("describe the same database", () => {
    expect(compareSchemaToDatabase(schema, db)).toEqual([]);
  });

  it("introspection sees the schema (so an empty comparison means something)", () => {
    expect(db.tables.map((t) => t.name)).toContain("Environment");
    const environment = db.tables.find((t) => t.name === "Environment");
    expect(environment?.indexes.find((i) => i.name === "Environment_searchText_idx")).toEqual({
      name: "Environment_searchText_idx",
      columns: ["searchText"],
      unique: false,
      method: "gin",
      opclasses: ["gin_trgm_ops"],
      descending: [false],
      predicate: null,
    });
    expect(environment?.columns.find((c) => c.name === "failureKinds")).toEqual({
      name: "failureKinds",
      type: '"FailureKind"[]',
      nullable: true,
      default: 'ARRAY[]::"FailureKind"[]',
    });
  });

  describe("the checker reports drift", () => {
    const model = (s: PrismaSchema, name: string) => {
      const found = findModel(s, name);
      if (!found) throw new Error(`no model ${name}`);
      return found;
    };
    const field = (s: PrismaSchema, modelName: string, name: string) => {
      const found = model(s, modelName).fields.find((f) => f.name === name);
      if (!found) throw new Error(`no field ${modelName}.${name}`);
      return found;
    };
    const table = (d: DbSchema, name: string) => {
      const found = d.tables.find((t) => t.name === name);
      if (!found) throw new Error(`no table ${name}`);
      return found;
    };

    const schemaDrift: [string, (s: PrismaSchema) => void, string[]][] = [
      [
        "a field with no column",
        (s) => model(s, "User").fields.push({ ...field(s, "User", "username"), name: "nickname", dbName: "nickname", unique: null }),
        ['User.nickname: column "nickname" is missing from the database'],
      ],
      [
        "a column with no field",
        (s) => (model(s, "Tool").fields = model(s, "Tool").fields.filter((f) => f.name !== "signature")),
        [`model Tool: the database has column "signature" (text, NOT NULL, ''::text), which schema.prisma does not imply`],
      ],
      [
        "changed nullability",
        (s) => (field(s, "Environment", "originalProblem").optional = false),
        ['Environment.originalProblem: column "originalProblem": nullability is NULL in the database, schema.prisma implies NOT NULL'],
      ],
      [
        "a changed type",
        (s) => (field(s, "Environment", "passRate").type = "Int"),
        ['Environment.passRate: column "passRate": type is double precision in the database, schema.prisma implies integer'],
      ],
      [
        "a missing default",
        (s) => (field(s, "Environment", "notes").default = null),
        [`Environment.notes: column "notes": default is ''::text in the database, schema.prisma implies none`],
      ],
      [
        "a different default value",
        (s) => (field(s, "User", "role").default = { kind: "ident", value: "admin" }),
        [`User.role: column "role": default is 'viewer'::"Role" in the database, schema.prisma implies 'admin'::"Role"`],
      ],
      [
        "enum values in another order",
        (s) => s.enums.find((e) => e.name === "Decision")?.values.reverse(),
        ["enum Decision: values are (approve, reject) in the database, schema.prisma has (reject, approve)"],
      ],
      [
        "an index without its operator class",
        (s) => {
          const index = model(s, "Environment").indexes.find((i) => i.fields[0]?.name === "searchText");
          if (index?.fields[0]) index.fields[0].ops = null;
        },
        ['Environment @@index([searchText]): index "Environment_searchText_idx": opclasses is (gin_trgm_ops) in the database, schema.prisma implies (default)'],
      ],
      [
        "an index of another type",
        (s) => {
          const index = model(s, "Environment").indexes.find((i) => i.fields[0]?.name === "failureKinds");
          if (index) index.type = null;
        },
        ['Environment @@index([failureKinds]): index "Environment_failureKinds_idx": method is gin in the database, schema.prisma implies btree'],
      ],
      [
        "a unique constraint with its columns reordered",
        (s) => model(s, "Revision").uniques[0]?.fields.reverse(),
        [
          'Revision @@unique([number, environmentId]): index "Revision_number_environmentId_key" is missing from the database',
          'model Revision: the database has index "Revision_environmentId_number_key" ((environmentId, number), UNIQUE, btree, (default, default), (ASC, ASC), none), which schema.prisma does not imply',
        ],
      ],
      [
        "a changed onDelete",
        (s) => {
          const relation = field(s, "Session", "user").relation;
          if (relation) relation.onDelete = null;
        },
        ['Session.user @relation: foreign key "Session_userId_fkey": ON DELETE is CASCADE in the database, schema.prisma implies RESTRICT'],
      ],
      [
        "an optional relation made required",
        (s) => (field(s, "AuditEvent", "user").optional = false),
        ['AuditEvent.user @relation: foreign key "AuditEvent_userId_fkey": ON DELETE is SET NULL in the database, schema.prisma implies RESTRICT'],
      ],
      [
        "a missing model",
        (s) => (s.models = s.models.filter((m) => m.name !== "Setting")),
        ['the database has table "Setting", which no model in schema.prisma maps to'],
      ],
      [
        "a renamed table",
        (s) => (model(s, "Setting").dbName = "settings"),
        ['model Setting: table "settings" is missing from the database', 'the database has table "Setting", which no model in schema.prisma maps to'],
      ],
    ];

    it.each(schemaDrift)("in schema.prisma: %s", (_, mutate, expected) => {
      const drifted = structuredClone(schema);
      mutate(drifted);
      expect(compareSchemaToDatabase(drifted, db)).toEqual(expected);
    });

    const databaseDrift: [string, (d: DbSchema) => void, string[]][] = [
      [
        "an extra column",
        (d) => table(d, "Tag").columns.push({ name: "color", type: "text", nullable: true, default: null }),
        ['model Tag: the database has column "color" (text, NULL, none), which schema.prisma does not imply'],
      ],
      [
        "a NOT NULL scalar list",
        (d) => {
          const column = table(d, "VerificationResult").columns.find((c) => c.name === "findings");
          if (column) column.nullable = false;
        },
        ['VerificationResult.findings: column "findings": nullability is NOT NULL in the database, schema.prisma implies NULL'],
      ],
      [
        "a default on an @updatedAt column",
        (d) => {
          const column = table(d, "Setting").columns.find((c) => c.name === "updatedAt");
          if (column) column.default = "CURRENT_TIMESTAMP";
        },
        ['Setting.updatedAt: column "updatedAt": default is CURRENT_TIMESTAMP in the database, schema.prisma implies none'],
      ],
      [
        "an extra index",
        (d) =>
          table(d, "Tag").indexes.push({ name: "Tag_lower_idx", columns: ["lower(name)"], unique: false, method: "btree", opclasses: [null], descending: [false], predicate: null }),
        ['model Tag: the database has index "Tag_lower_idx" ((lower(name)), not unique, btree, (default), (ASC), none), which schema.prisma does not imply'],
      ],
      [
        "a missing foreign key",
        (d) => (table(d, "Tool").foreignKeys = []),
        ['Tool.revision @relation: foreign key "Tool_revisionId_fkey" is missing from the database'],
      ],
      [
        "an extra check constraint",
        (d) => table(d, "Tool").otherConstraints.push({ name: "Tool_position_check", type: "check" }),
        ['model Tool: the database has check constraint "Tool_position_check", which Prisma would not create (it makes unique indexes, not constraints)'],
      ],
      [
        "a different primary key",
        (d) => (table(d, "EnvironmentTag").primaryKey = { name: "EnvironmentTag_pkey", columns: ["tagId", "environmentId"] }),
        ['EnvironmentTag @@id([environmentId, tagId]): primary key: columns is (tagId, environmentId) in the database, schema.prisma implies (environmentId, tagId)'],
      ],
      [
        "an extra enum value",
        (d) => d.enums.find((e) => e.name === "Role")?.values.push("owner"),
        ["enum Role: values are (viewer, curator, admin, owner) in the database, schema.prisma has (viewer, curator, admin)"],
      ],
      [
        "an extra enum type",
        (d) => d.enums.push({ name: "Mood", values: ["happy"] }),
        ['the database has enum type "Mood" (happy), which schema.prisma does not declare'],
      ],
    ];

    it.each(databaseDrift)("in the database: %s", (_, mutate, expected) => {
      const drifted = structuredClone(db);
      mutate(drifted);
      expect(compareSchemaToDatabase(schema, drifted)).toEqual(expected);
    });

    it("in the database, as a migration would leave it (introspected for real, then rolled back)", async () => {
      if (!client) throw new Error("not connected");
      await client.query("BEGIN");
      try {
        await client.query(`
          ALTER TABLE "Session" ALTER COLUMN "csrfToken" DROP NOT NULL;
          ALTER TABLE "Tag" ADD COLUMN "color" VARCHAR(7) DEFAULT 'red';
          DROP INDEX "Tool_name_idx";
          CREATE INDEX "Tool_name_idx" ON "Tool" ("name" DESC) WHERE "name" <> '';
          CREATE UNIQUE INDEX "Tag_lower_key" ON "Tag" (lower("name"));
          ALTER TABLE "Tool" ADD CONSTRAINT "Tool_position_check" CHECK ("position" >= 0);
          ALTER TABLE "ExportJob" DROP CONSTRAINT "ExportJob_userId_fkey";
          ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE;
          ALTER TYPE "JobStatus" ADD VALUE 'paused' BEFORE 'failed';`);
        expect(compareSchemaToDatabase(schema, await introspectDatabase(client))).toEqual([
          "enum JobStatus: values are (queued, running, succeeded, paused, failed) in the database, schema.prisma has (queued, running, succeeded, failed)",
          'Session.csrfToken: column "csrfToken": nullability is NULL in the database, schema.prisma implies NOT NULL',
          'Tool @@index([name]): index "Tool_name_idx": order is (DESC) in the database, schema.prisma implies (ASC)',
          `Tool @@index([name]): index "Tool_name_idx": predicate is (name <> ''::text) in the database, schema.prisma implies none`,
          'model Tool: the database has check constraint "Tool_position_check", which Prisma would not create (it makes unique indexes, not constraints)',
          'model Tag: the database has column "color" (character varying(7), NULL, \'red\'::character varying), which schema.prisma does not imply',
          'model Tag: the database has index "Tag_lower_key" ((lower(name)), UNIQUE, btree, (default), (ASC), none), which schema.prisma does not imply',
          'ExportJob.user @relation: foreign key "ExportJob_userId_fkey": ON DELETE is CASCADE in the database, schema.prisma implies SET NULL',
          'ExportJob.user @relation: foreign key "ExportJob_userId_fkey": ON UPDATE is NO ACTION in the database, schema.prisma implies CASCADE',
        ]);
      } finally {
        await client.query("ROLLBACK");
      }
    });
  });
});
