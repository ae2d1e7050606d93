import { AUDIT_AREAS } from "@/lib/audit/schema";
import styles from "./curation.module.css";

/** A plain GET form: the filter lives in the URL, so a filtered history can be shared. */
export function AuditFilters({ values, actions, users }: { values: Record<string, string>; actions: string[]; users: string[] }) {
  return (
    <form method="get" action="/audit" className={`panel ${styles.row}`} style={{ alignItems: "flex-end" }} aria-label="Filter the history">
      <label className={styles.label}>
        Action
        <select className={styles.select} name="action" defaultValue={values.action ?? ""}>
          <option value="">any</option>
          <optgroup label="Areas">
            {AUDIT_AREAS.map((a) => <option key={a} value={a}>{a}.*</option>)}
          </optgroup>
          <optgroup label="Actions">
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </optgroup>
        </select>
      </label>
      <label className={styles.label}>
        User
        <select className={styles.select} name="user" defaultValue={values.user ?? ""}>
          <option value="">anyone</option>
          {users.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
      </label>
      <label className={styles.label}>
        Environment key
        <input className={styles.input} name="environment" defaultValue={values.environment ?? ""} placeholder="Leetcode_1_I__FooEnv" size={34} />
      </label>
      <label className={styles.label}>
        From
        <input className={styles.input} type="date" name="from" defaultValue={values.from ?? ""} />
      </label>
      <label className={styles.label}>
        To
        <input className={styles.input} type="date" name="to" defaultValue={values.to ?? ""} />
      </label>
      <button type="submit" className={`${styles.button} ${styles.primary}`}>Filter</button>
      <a className={styles.button} href="/audit">Clear</a>
    </form>
  );
}
