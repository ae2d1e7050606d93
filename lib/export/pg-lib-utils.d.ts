// pg's own conversion of a query parameter to the text it sends (pg/lib/utils.js; @types/pg leaves it out).
declare module "pg/lib/utils" {
  export function prepareValue(value: unknown): string | Buffer | null;
}
