import { createSourceParser, type ParsedSource, type SourceParser } from "@/lib/tools/parse-sources";

// One long-lived ast parser per process for saves (it never executes the code);
// Next's dev server reloads modules, so it lives on globalThis.
const globalForParser = globalThis as unknown as { curatorRevisionParser?: SourceParser };

export function parseWithSharedParser(source: string): Promise<ParsedSource> {
  globalForParser.curatorRevisionParser ??= createSourceParser();
  return globalForParser.curatorRevisionParser.parse(source);
}
