import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";

// One schema per payload, shared by the route handlers, the forms and the CLI.

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "may hold letters, digits, '.', '_' and '-', starting with a letter or digit");

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const roleSchema = z.enum(ROLES);

export const loginSchema = z.object({
  username: z.string().trim().min(1, "is required").max(64),
  password: z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH),
});

export const createUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema.default("viewer"),
});

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    /** A new password set by an admin (a reset); the user's sessions end. */
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((u) => u.role !== undefined || u.disabled !== undefined || u.password !== undefined, "give role, disabled or password");

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH),
  newPassword: passwordSchema,
});

export const userIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export type LoginInput = z.infer<typeof loginSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
