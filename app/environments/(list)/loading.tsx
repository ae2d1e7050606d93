/** Shown while the list is first rendered on the server (filter changes keep the old list, dimmed, instead). */
export default function Loading() {
  return (
    <div className="loading-state" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden /> Loading environments…
    </div>
  );
}
