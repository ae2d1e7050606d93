// Domain errors; lib/api/route.ts maps each class to an HTTP status in one place.

export class DomainError extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
/** Someone else changed the thing first (e.g. a save based on an old revision). */
export class ConflictError extends DomainError {}
export class ValidationError extends DomainError {}
export class UnauthenticatedError extends DomainError {}
export class ForbiddenError extends DomainError {}
