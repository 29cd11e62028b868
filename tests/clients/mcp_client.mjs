// Drives `scry mcp` with the official MCP TypeScript SDK client over stdio, as an agent would:
//   node mcp_client.mjs SCRY CALLS_JSON       (`scry mcp` runs in the current directory)
// CALLS_JSON is [{"name": tool, "arguments": {...}} or {"exec": shell command}, ...]; a command runs
// between calls in the same session (to change and reindex the tree).  Prints one JSON object: the
// server's info, its tools, and each call's result ({isError, text}) or protocol error
// ({protocolError}).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execSync } from "node:child_process";

const [scry, callsJson] = process.argv.slice(2);
const transport = new StdioClientTransport({ command: scry, args: ["mcp"], cwd: process.cwd(), stderr: "inherit" });
const client = new Client({ name: "scry-test", version: "1.0.0" });
await client.connect(transport);
const out = {
  server: client.getServerVersion(),
  instructions: client.getInstructions(),
  tools: (await client.listTools()).tools,
  calls: [],
};
for (const call of JSON.parse(callsJson)) {
  if (call.exec) {
    execSync(call.exec, { stdio: "ignore" });
    continue;
  }
  try {
    const result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} });
    out.calls.push({ isError: Boolean(result.isError), text: result.content.map((c) => c.text).join("") });
  } catch (e) {
    out.calls.push({ protocolError: String(e?.message ?? e) });
  }
}
await client.close();
console.log(JSON.stringify(out));
