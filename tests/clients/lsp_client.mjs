// Drives `scry lsp` with VS Code's JSON-RPC library (vscode-jsonrpc, from npm) over the server's stdio,
// as an editor's language client does:
//   node lsp_client.mjs SCRY STEPS_JSON       (`scry lsp` runs in the current directory)
// STEPS_JSON is [{"request": method, "params": ...}, {"notify": method, "params": ...} or {"exec": shell
// command}, ...]; a command runs between messages of the same session (to change and reindex the tree).
// After the steps the server's stdin is closed.  Prints one JSON object: each request's
// {result} or {error: {code, message}}, in order, and the server's exit status.
import { execSync, spawn } from "node:child_process";
import rpc from "vscode-jsonrpc/node.js";

const [scry, stepsJson] = process.argv.slice(2);
const server = spawn(scry, ["lsp"], { cwd: process.cwd(), stdio: ["pipe", "pipe", "inherit"] });
const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
server.stdin.on("error", () => {}); // writing after the server exited (a test of `exit`)
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);
connection.onError(() => {}); // the stream closing after `exit` is expected
connection.listen();

const out = { responses: [] };
for (const step of JSON.parse(stepsJson)) {
  if (step.exec) {
    execSync(step.exec, { stdio: "ignore" });
  } else if (step.notify) {
    await connection.sendNotification(step.notify, step.params);
  } else {
    try {
      const result = await (step.params === undefined
        ? connection.sendRequest(step.request)
        : connection.sendRequest(step.request, step.params));
      out.responses.push({ result: result ?? null });
    } catch (e) {
      out.responses.push({ error: { code: e.code, message: e.message } });
    }
  }
}
server.stdin.end();
const timer = setTimeout(() => server.kill(), 10000);
out.exitCode = await exited;
clearTimeout(timer);
connection.dispose();
console.log(JSON.stringify(out));
