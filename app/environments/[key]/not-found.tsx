import Link from "next/link";

export default function EnvironmentNotFound() {
  return (
    <section className="panel state state-error" role="alert" data-testid="not-found">
      <h2>No such environment</h2>
      <p>There is no environment with this key. Keys look like <code>Leetcode_1873_I__TwoSumLookupEnv</code>.</p>
      <p>
        <Link href="/environments" className="btn">
          Back to the list
        </Link>
      </p>
    </section>
  );
}
