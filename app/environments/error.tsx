"use client";

/** An unexpected failure (e.g. the database is unreachable): say so and offer a retry, instead of a blank page. */
export default function EnvironmentsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel state state-error" role="alert" data-testid="error-state">
      <h2>Something went wrong while loading this page</h2>
      <p>The server could not answer{error.digest ? ` (error ${error.digest}, logged on the server)` : ""}. Check that it and its database are running.</p>
      <p>
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
