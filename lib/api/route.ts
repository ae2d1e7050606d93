import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { requireUser, type Role, type SessionUser } from "@/lib/auth/session";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";

type Schema = z.ZodType;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  /** The least role that may call this route; `null` for public routes. Writes need at least curator. */
  role: Role | null;
  params?: P;
  query?: Q;
  body?: B;
}

type Infer<S> = S extends Schema ? z.infer<S> : undefined;

export interface RouteContext<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
  user: SessionUser | null;
}

/**
 * The one wrapper of every route handler: checks the session and role (and the
 * CSRF token on writes), parses params, query and body with the route's zod
 * schemas, and turns domain errors into problem+json responses.
 */
export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Response | unknown>,
) {
  return async (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const user = spec.role ? await requireUser(req, spec.role) : null;
      const params = spec.params ? parseOrThrow(spec.params, await ctx.params, "path") : undefined;
      const query = spec.query ? parseOrThrow(spec.query, Object.fromEntries(req.nextUrl.searchParams), "query") : undefined;
      const body = spec.body ? parseOrThrow(spec.body, await readJson(req), "body") : undefined;
      const result = await handler({ req, params, query, body, user } as RouteContext<Infer<P>, Infer<Q>, Infer<B>>);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function parseOrThrow<S extends Schema>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(`Invalid ${where}`, parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  }
  return parsed.data;
}

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ValidationError("The request body is not valid JSON");
  }
}

const STATUS: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
];

export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const status = STATUS.find(([cls]) => error instanceof cls)?.[1] ?? 422;
    return problem(status, error.name, error.message, error.details);
  }
  console.error(error);
  return problem(500, "InternalError", "Something went wrong on the server; the error was logged.");
}

export function problem(status: number, title: string, detail: string, errors?: unknown): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}
