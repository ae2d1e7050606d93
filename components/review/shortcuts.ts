// The review queue's keyboard shortcuts, listed once for the on-screen strip and the help overlay.

export interface QueueShortcut {
  keys: string[];
  /** Short label for the strip. */
  label: string;
  /** What it does, for the help overlay. */
  help: string;
  /** Needs the curator role (decide, edit, verify). */
  curator?: boolean;
}

export const QUEUE_SHORTCUTS: QueueShortcut[] = [
  { keys: ["j", "→"], label: "next", help: "Next environment in the queue (from the last one, back to the first)" },
  { keys: ["k", "←"], label: "previous", help: "Previous environment in the queue" },
  { keys: ["a"], label: "approve", help: "Approve the current revision; an unverified one asks for the override first", curator: true },
  { keys: ["r"], label: "reject", help: "Reject: opens the form with the reason focused (Ctrl+Enter in the details submits)", curator: true },
  { keys: ["e"], label: "edit", help: "Edit this environment's source, task and configurations", curator: true },
  { keys: ["v"], label: "verify", help: "Verify the current revision in the sandbox, with live progress", curator: true },
  { keys: ["s"], label: "solve()", help: "Show solve() in the source (Alt+S inside the editor)" },
  { keys: ["?"], label: "help", help: "Show or hide this list" },
  { keys: ["Esc"], label: "close", help: "Close this list" },
];

/** What the viewer is told when pressing a curator's key. */
export const CURATOR_ACTIONS: Record<string, string> = { a: "Approving", r: "Rejecting", e: "Editing", v: "Verifying" };
