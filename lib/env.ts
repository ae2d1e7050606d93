import path from "node:path";
import { z } from "zod";

// The one place that reads process.env: everything else imports `env`.
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("localhost"),
  CURATOR_DATA_DIR: z.string().default(".data"),
  CURATOR_ADMIN_PASSWORD: z.string().min(8).optional(),
  CURATOR_SESSION_SECRET: z.string().min(32).optional(),
  CURATOR_PYTHON: z.string().optional(),
  CURATOR_VERIFY_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  CURATOR_VERIFY_FORK_EACH: z.enum(["0", "1"]).default("0"),
  CURATOR_EMBEDDED_WORKER: z.enum(["0", "1"]).default("1"),
  CURATOR_SKIP_SEED: z.enum(["0", "1"]).default("0"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = readEnv();

export const projectRoot = process.cwd();

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ projectRoot, env.CURATOR_DATA_DIR);
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL ?? env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it after starting the embedded PostgreSQL)");
  return url;
}
