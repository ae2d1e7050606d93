/** Shown while the statistics are first computed on the server (filter changes keep the old charts, dimmed, instead). */
export default function Loading() {
  return (
    <div className="loading-state" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden /> Computing the statistics…
    </div>
  );
}
