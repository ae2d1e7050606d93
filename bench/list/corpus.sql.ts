// SQL that fills an empty, migrated database with a synthetic corpus of `envs`
// environments shaped like CodeGym's (paper: 6.52 tools per environment, 6.57
// configurations, oracle steps heavy-tailed around a median in the twenties),
// fast enough for 100,000 environments (generate_series, no Python, no importer).
// The derived columns are then filled by the app's own refreshDerived.

const WORDS = `the of and a to in is you that it for are as with on be at by this have from or one had not but what all were
when we there can an your which their said if do will each about how up out them then she many some so these would other into
has more her two like him see time could no make than first been its who now people my made over did down only way find use may
array integer string matrix grid graph tree node edge path sum pair interval subsequence substring palindrome prefix suffix window
stack queue heap hash lookup count minimum maximum longest shortest distance cost coin capacity schedule course friend circle island
bracket partition merge spiral rain water ship weight day target index element value query range update swap rotate reverse sort
binary search depth breadth dynamic programming greedy modulo prime divisor digit parity bit mask xor frequency anagram permutation
zephyr quokka obsidian marzipan`.split(/\s+/);

const TOOL_NAMES = `GetElement ComputeComplement CheckSeen RecordSeen GetNumber InitDp TryExtend GetDp GetMaxDp GetCell Neighbors Enqueue Dequeue
MarkVisited GetInterval CompareIntervals MergeTwo AppendResult GetRow GetColumn Rotate ReadChar PushChar PopChar IsMatching StackSize
GetHeight LeftMax RightMax AddWater GetWeight CanShip MidPoint SetBounds Find Union CountRoots GetCoin UpdateDp GetAmount IsPalindrome
CutCost GetPrefix Compare Swap Partition Pivot GetLength Multiply Add Subtract Divide Modulo Power Gcd Lcm IsPrime Factorize DigitSum
Reverse ConcatStrings SplitString CountChar Frequency MaxOf MinOf SumRange PrefixSum SuffixSum BinarySearch LowerBound UpperBound
HeapPush HeapPop Peek TopK SortList Unique Contains InsertAt RemoveAt SliceList ZipLists Transpose Determinant Distance Manhattan
Euclid Neighbors4 Neighbors8 InBounds IsWall StartCell EndCell Relax ShortestPath Degree Indegree TopoNext AddEdge RemoveEdge`.split(/\s+/);

const pgArray = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(",")}])`;

/** Statements, run in order in one session. */
export function corpusSql(envs: number): string[] {
  const words = pgArray(WORDS);
  const tools = pgArray(TOOL_NAMES);
  // u^k skews choices towards the front of a list: word and tool frequencies fall off like real text.
  return [
    `SELECT setseed(0.4207)`,
    `CREATE TEMP TABLE g AS
       SELECT i,
              (ARRAY['Leetcode','Leetcode','Leetcode','Codeforces','Codeforces','Code_Contests','Code_Contests'])[1 + floor(random() * 7)::int] AS subset,
              3 + floor(power(random(), 1.5) * 9)::int AS tools,
              1 + floor(power(random(), 1.2) * 12)::int AS configs,
              random() AS state_u,
              random() AS review_u,
              exp(ln(22) + 0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS steps_scale
         FROM generate_series(1, ${envs}) i`,
    `INSERT INTO "Environment" (id, key, "codeId", "envName", subset, status, "reviewState", "lastVerifiedAt", "updatedAt")
       SELECT i, code || '__' || name, code, name, subset,
              (CASE WHEN state_u < 0.65 THEN 'verified' WHEN state_u < 0.77 THEN 'failed' WHEN state_u < 0.80 THEN 'error' ELSE 'unverified' END)::"EnvStatus",
              (CASE WHEN review_u < 0.6 THEN 'pending' WHEN review_u < 0.9 THEN 'approved' ELSE 'rejected' END)::"ReviewState",
              CASE WHEN state_u < 0.80 THEN now() - random() * interval '30 days' END,
              now()
         FROM (SELECT g.*, subset || '_' || i || '_I' AS code,
                      initcap(${words}[1 + floor(random() * ${WORDS.length})::int + (i * 0)]) || initcap(${words}[1 + floor(random() * ${WORDS.length})::int]) || 'Env' AS name
                 FROM g) s`,
    `INSERT INTO "Revision" (id, "environmentId", number, "sourceCode", "sourceSha256", "taskDescription", "docsBlock", "className")
       SELECT i, i, 1, src, md5(src), task, docs, 'SyntheticEnv'
         FROM (SELECT i,
                      (SELECT string_agg(${words}[1 + floor(power(random(), 2.5) * ${WORDS.length})::int], ' ')
                         FROM generate_series(1, 60 + (random() * 160)::int + i * 0)) AS task,
                      repeat('    def Tool(self, x: int):' || chr(10) || '        return str(x)' || chr(10), 60) AS src,
                      repeat(chr(10) || 'Function:' || chr(10) || chr(10) || 'def Tool(x: int):' || chr(10), 8) AS docs
                 FROM g) r`,
    `UPDATE "Environment" SET "currentRevisionId" = id`,
    `INSERT INTO "Tool" ("revisionId", position, name, "actionCode", description, signature, "lineStart", "lineEnd")
       SELECT i, p,
              CASE WHEN p = 0 THEN 'Observe' WHEN p = tools - 1 THEN 'Done' ELSE ${tools}[1 + floor(power(random(), 2) * ${TOOL_NAMES.length})::int + (p * 0)] END,
              to_jsonb(p), 'A tool.', 'def Tool(x: int)', 10 + p * 12, 20 + p * 12
         FROM g, generate_series(0, tools - 1) p`,
    `INSERT INTO "TaskConfig" ("revisionId", position, "configString", "configSha256", options, "recordedSteps", "bo4Score", "bo8Score",
                               "lastPassed", "lastSteps", "lastFailureKind")
       SELECT i, p, 'SyntheticEnv@{"seed": ' || p || '}', encode(sha256(convert_to('SyntheticEnv@{"seed": ' || p || '}', 'UTF8')), 'hex'),
              jsonb_build_object('seed', p), steps,
              CASE WHEN score_u < 0.8 THEN floor(score_u * 5 / 0.8) / 4 END,
              CASE WHEN score_u < 0.8 THEN floor(score_u * 9 / 0.8) / 8 END,
              CASE WHEN state_u < 0.65 THEN true WHEN state_u < 0.77 THEN p > 0 WHEN state_u < 0.80 THEN false END,
              CASE WHEN state_u < 0.77 THEN steps END,
              (CASE WHEN state_u < 0.65 OR state_u >= 0.80 THEN NULL
                    WHEN state_u < 0.77 THEN CASE WHEN p > 0 THEN NULL
                                               WHEN kind_u < 0.5 THEN 'wrong_answer' WHEN kind_u < 0.75 THEN 'exception'
                                               WHEN kind_u < 0.9 THEN 'timeout' ELSE 'memory' END
                    ELSE CASE WHEN kind_u < 0.7 THEN 'syntax_error' ELSE 'no_class' END END)::"FailureKind"
         FROM (SELECT g.i, g.state_u, p, random() AS score_u, random() AS kind_u,
                      greatest(1, round(steps_scale * exp(0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::int AS steps
                 FROM g, generate_series(0, configs - 1) p) c`,
    `INSERT INTO "Tag" (name) SELECT 'tag-' || t FROM generate_series(1, 10) t`,
    `INSERT INTO "EnvironmentTag" ("environmentId", "tagId")
       SELECT i, 1 + floor(power(random(), 2) * 10)::int FROM g WHERE random() < 0.2`,
    `SELECT setval(pg_get_serial_sequence('"Environment"', 'id'), ${envs})`,
    `SELECT setval(pg_get_serial_sequence('"Revision"', 'id'), ${envs})`,
  ];
}
