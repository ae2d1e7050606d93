/** The two chat messages the agent is given, exactly as a veRL training row carries them. */
export function PromptPanel({ docsBlock, userMessage, instructionIsDefault }: { docsBlock: string; userMessage: string; instructionIsDefault: boolean }) {
  return (
    <>
      <section className="panel" aria-labelledby="task-title">
        <h2 id="task-title">Task, as the agent sees it</h2>
        <p className="hint">
          The user message: the fixed instructions{instructionIsDefault ? "" : " (as set for exports)"}, then “Question:” and the task description.
        </p>
        <pre className="prompt" data-testid="user-message">{userMessage}</pre>
      </section>
      <section className="panel" aria-labelledby="docs-title">
        <h2 id="docs-title">Tool documentation block</h2>
        <p className="hint">The system message (name “functions”), character for character.</p>
        {docsBlock ? <pre className="prompt" data-testid="docs-block">{docsBlock}</pre> : <p className="muted" data-testid="docs-block">Empty: the source could not be parsed, so no tool was documented.</p>}
      </section>
    </>
  );
}
