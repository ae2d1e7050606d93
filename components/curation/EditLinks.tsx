import Link from "next/link";

/** The environment page's way to the editor (curators and admins) and to the revisions diff (everyone). */
export function EditLinks({ envKey, canEdit }: { envKey: string; canEdit: boolean }) {
  const href = `/environments/${encodeURIComponent(envKey)}`;
  return (
    <p className="row" data-testid="env-edit-links">
      {canEdit && (
        <Link href={`${href}/edit`} className="btn" data-testid="env-edit-link">
          Edit
        </Link>
      )}
      <Link href={`${href}/revisions`} className="btn" data-testid="env-revisions-link">
        Revisions
      </Link>
    </p>
  );
}
