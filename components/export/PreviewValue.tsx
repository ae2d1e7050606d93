import styles from "./export.module.css";

/**
 * A previewed row as the reader of the file sees it: keys in file order,
 * texts with their line breaks (not as JSON escapes), nested objects as nested lists.
 */
export function PreviewValue({ value }: { value: unknown }) {
  if (typeof value === "string") {
    return value.includes("\n") || value.length > 120 ? <pre className={styles.text}>{value}</pre> : <code className={styles.mono}>{JSON.stringify(value)}</code>;
  }
  if (value === null || typeof value !== "object") return <code className={styles.mono}>{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return <code className={styles.mono}>{JSON.stringify(value)}</code>;
    return (
      <ol className={styles.list} start={0}>
        {value.map((v, i) => (
          <li key={i}>
            <PreviewValue value={v} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <dl className={styles.value}>
      {Object.entries(value).map(([k, v]) => (
        <Entry key={k} name={k} value={v} />
      ))}
    </dl>
  );
}

function Entry({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <PreviewValue value={value} />
      </dd>
    </>
  );
}
