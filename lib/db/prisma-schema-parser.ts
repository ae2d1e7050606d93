/**
 * A small parser for the subset of the Prisma schema language this project
 * uses: enums and models with their fields and attributes. generator and
 * datasource blocks are skipped. It exists so lib/db/schema-drift.test.ts can
 * compare schema.prisma with the database the hand-written migrations build
 * (the Prisma CLI that would normally do that cannot run here). It is not a
 * validator: input is assumed to be a schema Prisma itself accepts.
 */

// ---------------------------------------------------------------------------
// Result types

export interface PrismaSchema {
  enums: PrismaEnum[];
  models: PrismaModel[];
}

export interface PrismaEnum {
  name: string;
  /** @@map, else the name. */
  dbName: string;
  values: { name: string; dbName: string }[];
}

export interface PrismaModel {
  name: string;
  /** @@map, else the name. */
  dbName: string;
  fields: PrismaField[];
  /** @@id */
  id: IndexDef | null;
  /** @@unique */
  uniques: IndexDef[];
  /** @@index */
  indexes: IndexDef[];
}

export type FieldKind = "scalar" | "enum" | "relation" | "unsupported";

export interface PrismaField {
  name: string;
  /** @map, else the name. */
  dbName: string;
  /** The type as written: String, Int, Role, Revision, or for Unsupported("x") the "x". */
  type: string;
  kind: FieldKind;
  optional: boolean;
  list: boolean;
  isRelation: boolean;
  id: { map: string | null } | null;
  unique: { map: string | null } | null;
  default: Value | null;
  updatedAt: boolean;
  relation: PrismaRelation | null;
  /** A @db.X native type attribute, e.g. "VarChar(255)". */
  nativeType: string | null;
  attributes: Attribute[];
}

export interface PrismaRelation {
  name: string | null;
  /** Empty on the side of a relation that holds no foreign key. */
  fields: string[];
  references: string[];
  onDelete: string | null;
  onUpdate: string | null;
  map: string | null;
}

export interface IndexDef {
  fields: IndexField[];
  /** The database name given with map:, else null (Prisma's default name applies). */
  map: string | null;
  /** type: Gin, Gist, Hash, … ; null means BTree. */
  type: string | null;
}

export interface IndexField {
  name: string;
  /** ops: raw("gin_trgm_ops") gives { raw: true, name: "gin_trgm_ops" }; ops: JsonbPathOps gives raw false. */
  ops: { raw: boolean; name: string } | null;
  sort: "Asc" | "Desc" | null;
}

/** An attribute argument value, kept close to the source. */
export type Value =
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "ident"; value: string }
  | { kind: "array"; items: Value[] }
  | { kind: "call"; name: string; args: Arg[] };

export interface Arg {
  /** null for a positional argument. */
  name: string | null;
  value: Value;
}

/** `@default(now())` is { name: "default", args: [...] }; `@@index` is named "index". */
export interface Attribute {
  name: string;
  args: Arg[];
}

// ---------------------------------------------------------------------------
// Tokens

type TokenKind = "ident" | "string" | "number" | "punct" | "@" | "@@";

interface Token {
  kind: TokenKind;
  text: string;
}

const TOKEN_PATTERNS: [TokenKind, RegExp][] = [
  ["@@", /^@@/],
  ["@", /^@/],
  ["string", /^"(?:[^"\\]|\\.)*"/],
  ["number", /^-?\d+(?:\.\d+)?/],
  ["ident", /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*/],
  ["punct", /^[()[\],:?=]/],
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source.trim();
  while (rest) {
    const match = TOKEN_PATTERNS.map(([kind, re]) => ({ kind, m: re.exec(rest) })).find(({ m }) => m);
    if (!match?.m) throw new SyntaxError(`Unexpected input at "${rest.slice(0, 20)}"`);
    const text = match.m[0];
    tokens.push({ kind: match.kind, text: match.kind === "string" ? unquote(text) : text });
    rest = rest.slice(text.length).trimStart();
  }
  return tokens;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => ({ n: "\n", t: "\t" })[ch] ?? ch);
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Consumes the next token if it has this text (punctuation) or kind. */
  accept(textOrKind: string): Token | undefined {
    const token = this.peek();
    if (token && (token.kind === "punct" ? token.text === textOrKind : token.kind === textOrKind)) {
      this.index++;
      return token;
    }
    return undefined;
  }

  expect(textOrKind: string): Token {
    const token = this.accept(textOrKind);
    if (!token) throw new SyntaxError(`Expected ${textOrKind} but found ${this.peek()?.text ?? "end of line"}`);
    return token;
  }
}

// ---------------------------------------------------------------------------
// Values, arguments and attributes

function parseValue(cursor: Cursor): Value {
  const string = cursor.accept("string");
  if (string) return { kind: "string", value: string.text };
  const number = cursor.accept("number");
  if (number) return { kind: "number", value: number.text };
  if (cursor.accept("[")) {
    const items: Value[] = [];
    while (!cursor.accept("]")) {
      items.push(parseValue(cursor));
      if (!cursor.accept(",")) {
        cursor.expect("]");
        break;
      }
    }
    return { kind: "array", items };
  }
  const ident = cursor.expect("ident");
  if (cursor.accept("(")) return { kind: "call", name: ident.text, args: parseArgsAfterParen(cursor) };
  return { kind: "ident", value: ident.text };
}

/** Parses `a, name: b, …)` once the opening parenthesis has been consumed. */
function parseArgsAfterParen(cursor: Cursor): Arg[] {
  const args: Arg[] = [];
  while (!cursor.accept(")")) {
    args.push(parseArg(cursor));
    if (!cursor.accept(",")) {
      cursor.expect(")");
      break;
    }
  }
  return args;
}

function parseArg(cursor: Cursor): Arg {
  const value = parseValue(cursor);
  if (value.kind === "ident" && cursor.accept(":")) return { name: value.value, value: parseValue(cursor) };
  return { name: null, value };
}

function parseAttributes(cursor: Cursor, marker: "@" | "@@"): Attribute[] {
  const attributes: Attribute[] = [];
  while (cursor.accept(marker)) {
    const name = cursor.expect("ident").text;
    attributes.push({ name, args: cursor.accept("(") ? parseArgsAfterParen(cursor) : [] });
  }
  if (!cursor.atEnd()) throw new SyntaxError(`Unexpected ${cursor.peek()?.text}`);
  return attributes;
}

/** The argument called `name`, else the positional one at `position`. */
export function argument(attribute: Attribute, name: string, position?: number): Value | null {
  const named = attribute.args.find((arg) => arg.name === name);
  if (named) return named.value;
  if (position === undefined) return null;
  return attribute.args.filter((arg) => arg.name === null)[position]?.value ?? null;
}

function stringArg(attribute: Attribute, name: string, position?: number): string | null {
  const value = argument(attribute, name, position);
  return value?.kind === "string" ? value.value : null;
}

function identArg(attribute: Attribute, name: string): string | null {
  const value = argument(attribute, name);
  return value?.kind === "ident" ? value.value : null;
}

function identListArg(attribute: Attribute, name: string): string[] {
  const value = argument(attribute, name);
  if (value?.kind !== "array") return [];
  return value.items.map((item) => (item.kind === "ident" ? item.value : "?"));
}

// ---------------------------------------------------------------------------
// Lines and blocks

/** Removes a `//` comment (including `///` doc comments) unless it is inside a string. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString && ch === "\\") i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function bracketDepth(line: string): number {
  let depth = 0;
  for (const token of tokenize(line)) {
    if (token.kind !== "punct") continue;
    if (token.text === "(" || token.text === "[") depth++;
    if (token.text === ")" || token.text === "]") depth--;
  }
  return depth;
}

function depthOf(line: { text: string; lineNo: number }, block: Block): number {
  try {
    return bracketDepth(line.text);
  } catch (error) {
    throw new SyntaxError(`line ${line.lineNo} (${block.keyword} ${block.name}): ${error instanceof Error ? error.message : error}`);
  }
}

interface Block {
  keyword: string;
  name: string;
  /** Logical lines: comments stripped, blank lines dropped, bracketed continuations joined. */
  lines: { text: string; lineNo: number }[];
}

const BLOCK_START = /^(model|enum|view|type|generator|datasource)\s+(\w+)\s*\{$/;

function splitBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let pending: { text: string; lineNo: number } | null = null;
  for (const [index, raw] of source.split(/\r?\n/).entries()) {
    const text = stripComment(raw).trim();
    const lineNo = index + 1;
    if (!text) continue;
    if (!current) {
      const start = BLOCK_START.exec(text);
      if (!start) throw new SyntaxError(`line ${lineNo}: expected a block, found "${text}"`);
      current = { keyword: start[1] ?? "", name: start[2] ?? "", lines: [] };
    } else if (!pending && text === "}") {
      blocks.push(current);
      current = null;
    } else {
      // Attribute arguments may span lines; join until the brackets balance.
      pending = pending ? { text: `${pending.text} ${text}`, lineNo: pending.lineNo } : { text, lineNo };
      if (depthOf(pending, current) <= 0) {
        current.lines.push(pending);
        pending = null;
      }
    }
  }
  if (current) throw new SyntaxError(`block ${current.name} is not closed`);
  return blocks;
}

// ---------------------------------------------------------------------------
// Enums and models

interface RawField {
  name: string;
  type: string;
  unsupported: boolean;
  optional: boolean;
  list: boolean;
  attributes: Attribute[];
}

function parseEnum(block: Block): PrismaEnum {
  const result: PrismaEnum = { name: block.name, dbName: block.name, values: [] };
  for (const line of block.lines) {
    const cursor = new Cursor(tokenize(line.text));
    if (cursor.peek()?.kind === "@@") {
      const map = parseAttributes(cursor, "@@").find((a) => a.name === "map");
      if (map) result.dbName = stringArg(map, "name", 0) ?? result.dbName;
      continue;
    }
    const name = cursor.expect("ident").text;
    const map = parseAttributes(cursor, "@").find((a) => a.name === "map");
    result.values.push({ name, dbName: (map && stringArg(map, "name", 0)) ?? name });
  }
  return result;
}

function parseFieldLine(cursor: Cursor): RawField {
  const name = cursor.expect("ident").text;
  let type = cursor.expect("ident").text;
  const unsupported = type === "Unsupported";
  if (unsupported) {
    cursor.expect("(");
    type = cursor.expect("string").text;
    cursor.expect(")");
  }
  const list = Boolean(cursor.accept("[") && cursor.expect("]"));
  const optional = Boolean(cursor.accept("?"));
  return { name, type, unsupported, optional, list, attributes: parseAttributes(cursor, "@") };
}

function parseIndexDef(attribute: Attribute): IndexDef {
  const fields = argument(attribute, "fields", 0);
  if (fields?.kind !== "array") throw new SyntaxError(`@@${attribute.name} needs a list of fields`);
  return {
    fields: fields.items.map(parseIndexField),
    map: stringArg(attribute, "map"),
    type: identArg(attribute, "type"),
  };
}

function parseIndexField(value: Value): IndexField {
  if (value.kind === "ident") return { name: value.value, ops: null, sort: null };
  if (value.kind !== "call") throw new SyntaxError(`Unexpected index field ${JSON.stringify(value)}`);
  const call: Attribute = { name: value.name, args: value.args };
  const sort = identArg(call, "sort");
  return { name: value.name, ops: parseOps(argument(call, "ops")), sort: sort === "Asc" || sort === "Desc" ? sort : null };
}

function parseOps(value: Value | null): IndexField["ops"] {
  if (value?.kind === "ident") return { raw: false, name: value.value };
  const raw = value?.kind === "call" && value.name === "raw" ? value.args[0]?.value : undefined;
  return raw?.kind === "string" ? { raw: true, name: raw.value } : null;
}

function parseModel(block: Block): { model: PrismaModel; rawFields: RawField[] } {
  const model: PrismaModel = { name: block.name, dbName: block.name, fields: [], id: null, uniques: [], indexes: [] };
  const rawFields: RawField[] = [];
  for (const line of block.lines) {
    try {
      const cursor = new Cursor(tokenize(line.text));
      if (cursor.peek()?.kind !== "@@") {
        rawFields.push(parseFieldLine(cursor));
        continue;
      }
      for (const attribute of parseAttributes(cursor, "@@")) {
        if (attribute.name === "map") model.dbName = stringArg(attribute, "name", 0) ?? model.dbName;
        if (attribute.name === "id") model.id = parseIndexDef(attribute);
        if (attribute.name === "unique") model.uniques.push(parseIndexDef(attribute));
        if (attribute.name === "index") model.indexes.push(parseIndexDef(attribute));
      }
    } catch (error) {
      throw new SyntaxError(`line ${line.lineNo} (model ${block.name}): ${error instanceof Error ? error.message : error}`);
    }
  }
  return { model, rawFields };
}

function resolveField(raw: RawField, enums: Set<string>, models: Set<string>): PrismaField {
  const attr = (name: string) => raw.attributes.find((a) => a.name === name);
  const kind: FieldKind = raw.unsupported ? "unsupported" : models.has(raw.type) ? "relation" : enums.has(raw.type) ? "enum" : "scalar";
  const id = attr("id");
  const unique = attr("unique");
  const map = attr("map");
  const defaultAttr = attr("default");
  const relation = attr("relation");
  const native = raw.attributes.find((a) => a.name.startsWith("db."));
  return {
    name: raw.name,
    dbName: (map && stringArg(map, "name", 0)) ?? raw.name,
    type: raw.type,
    kind,
    optional: raw.optional,
    list: raw.list,
    isRelation: kind === "relation",
    id: id ? { map: stringArg(id, "map") } : null,
    unique: unique ? { map: stringArg(unique, "map") } : null,
    default: defaultAttr ? argument(defaultAttr, "value", 0) : null,
    updatedAt: Boolean(attr("updatedAt")),
    relation: kind === "relation" ? parseRelation(relation) : null,
    nativeType: native ? formatNativeType(native) : null,
    attributes: raw.attributes,
  };
}

function parseRelation(attribute: Attribute | undefined): PrismaRelation {
  if (!attribute) return { name: null, fields: [], references: [], onDelete: null, onUpdate: null, map: null };
  return {
    name: stringArg(attribute, "name", 0),
    fields: identListArg(attribute, "fields"),
    references: identListArg(attribute, "references"),
    onDelete: identArg(attribute, "onDelete"),
    onUpdate: identArg(attribute, "onUpdate"),
    map: stringArg(attribute, "map"),
  };
}

function formatNativeType(attribute: Attribute): string {
  const type = attribute.name.slice("db.".length);
  if (!attribute.args.length) return type;
  return `${type}(${attribute.args.map((arg) => (arg.value.kind === "number" || arg.value.kind === "ident" ? arg.value.value : "?")).join(",")})`;
}

export function parsePrismaSchema(source: string): PrismaSchema {
  const blocks = splitBlocks(source);
  const unsupported = blocks.find((b) => b.keyword === "view" || b.keyword === "type");
  if (unsupported) throw new SyntaxError(`${unsupported.keyword} ${unsupported.name}: ${unsupported.keyword} blocks are not supported by this parser`);
  const enums = blocks.filter((b) => b.keyword === "enum").map(parseEnum);
  const parsedModels = blocks.filter((b) => b.keyword === "model").map(parseModel);
  const enumNames = new Set(enums.map((e) => e.name));
  const modelNames = new Set(parsedModels.map(({ model }) => model.name));
  const models = parsedModels.map(({ model, rawFields }) => ({
    ...model,
    fields: rawFields.map((raw) => resolveField(raw, enumNames, modelNames)),
  }));
  return { enums, models };
}
