import Link from "next/link";
import { NeedsRole } from "@/components/auth/NeedsRole";
import { ExportDialog } from "@/components/export/ExportDialog";
import { ErrorState } from "@/components/ui/states";
import { pageUser } from "@/lib/auth/page-guard";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { getInstructionText } from "@/lib/export/instruction-text";
import { splitExportSearch } from "@/lib/export/url-options";
import { filterToQuery, parseFilter } from "@/lib/filters/schema";

export const dynamic = "force-dynamic";
export const metadata = { title: "New export · CodeGym Curator" };

type Search = Record<string, string | string[] | undefined>;

/** The export dialog for the selection in the URL: `/exports/new?<the environment list's filter>[&format=…]`. */
export default async function NewExportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const { filter, options } = splitExportSearch(search);
  const { user, allowed } = await pageUser({ role: "viewer", path: `/exports/new${filter ? `?${filter}` : ""}` });
  if (!allowed) return <NeedsRole role="viewer" actual={user.role} what="Exporting" />;
  let canonical: string;
  try {
    canonical = filterToQuery(parseFilter(filter));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <>
        <h1>New export</h1>
        <ErrorState
          title="This selection's filter is not valid"
          message="The URL holds filter parameters the environment list does not accept."
          problems={(error.details as { field: string; message: string }[] | undefined) ?? []}
          actions={[
            { href: "/exports/new", label: "Export every approved environment" },
            { href: "/environments", label: "Back to the environment list" },
          ]}
        />
      </>
    );
  }
  const text = await getInstructionText(prisma());
  return (
    <>
      <p className="crumbs">
        <Link href="/exports">Exports</Link> / new
      </p>
      <h1>New export</h1>
      <ExportDialog
        filter={canonical}
        initialOptions={{ ...options, filter: canonical }}
        canEditInstructions={hasRole(user.role, "curator")}
        instructionText={JSON.parse(JSON.stringify(text))}
        syncUrl
      />
    </>
  );
}
