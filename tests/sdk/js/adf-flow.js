// The run flow with the official Data Factory SDK for JavaScript (@azure/arm-datafactory 12), unmodified, against
// the AdfRuns emulator over https, trusting its certificate through NODE_EXTRA_CA_CERTS; outcomes scripted only
// through the emulator's control API. Each step prints one JSON line {step, ok, detail} for tests/Pester/SdkClients.Tests.ps1.
// Usage: node adf-flow.js <connection file>
"use strict";
const fs = require("node:fs");
const { DataFactoryManagementClient } = require("@azure/arm-datafactory");

const facts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const rg = facts.resourceGroupName;
const factory = facts.factoryName;
const control = facts.controlEndpoint.replace(/\/$/, "");

// A TokenCredential of @azure/core-auth's shape; the SDK's own bearer policy sends the token (over https only).
const credential = { getToken: async () => ({ token: facts.accessToken, expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = new DataFactoryManagementClient(credential, facts.subscriptionId, { endpoint: facts.endpoint.replace(/\/$/, "") });
const state = {};

function assert(condition, message) {
  if (!condition) throw new Error(typeof message === "string" ? message : JSON.stringify(message));
}

async function controlApi(method, resource, body) {
  const response = await fetch(`${control}/${resource}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert(response.ok, `control API ${method} ${resource} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

function window() {
  const now = Date.now();
  return { lastUpdatedAfter: new Date(now - 3600_000), lastUpdatedBefore: new Date(now + 3600_000) };
}

async function waitFor(readStatus, wanted, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let status;
  while (Date.now() < deadline) {
    status = await readStatus();
    if (wanted.includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`still ${status} after ${timeoutMs} ms, wanted ${wanted}`);
}

const statusOf = (runId) => async () => (await client.pipelineRuns.get(rg, factory, runId)).status;

const steps = [
  ["get factory", async () => {
    const found = await client.factories.get(rg, factory);
    assert(found.name === factory, found.name);
    return found.id;
  }],
  ["list pipelines", async () => {
    const names = [];
    for await (const pipeline of client.pipelines.listByFactory(rg, factory)) names.push(pipeline.name);
    assert(names.includes("CopySales") && names.includes("NightlyParent"), names);
    return names.length;
  }],
  ["get pipeline", async () => {
    const pipeline = await client.pipelines.get(rg, factory, "CopySales");
    assert(pipeline.parameters.BatchSize.type === "Int", pipeline.parameters);
    assert(pipeline.activities.map((a) => a.name).join() === "ExtractSales,TransformSales,LoadWarehouse", pipeline.activities);
    return pipeline.id;
  }],
  ["createRun with typed parameters", async () => {
    await controlApi("POST", "behaviors", { pipelineName: "CopySales", activityName: "TransformSales", outcome: "Failed", times: 1, errorCode: "2011", message: "The sales file is corrupt." });
    const created = await client.pipelines.createRun(rg, factory, "CopySales", { parameters: { Region: "EU", Day: "2024-05-01", BatchSize: 500 } });
    state.run = created.runId;
    return created.runId;
  }],
  ["get run", async () => {
    const run = await client.pipelineRuns.get(rg, factory, state.run);
    assert(run.pipelineName === "CopySales" && run.parameters.BatchSize === "500", run.parameters);
    return run.status;
  }],
  ["wait to Failed", () => waitFor(statusOf(state.run), ["Failed"])],
  ["activity runs with the error", async () => {
    const runs = (await client.activityRuns.queryByPipelineRun(rg, factory, state.run, window())).value;
    const failed = runs.filter((a) => a.status === "Failed");
    assert(failed.length === 1 && failed[0].activityName === "TransformSales", runs.map((a) => [a.activityName, a.status]));
    assert(failed[0].error.errorCode === "2011" && failed[0].error.message.includes("corrupt"), failed[0].error);
    return failed[0].error.errorCode;
  }],
  ["rerun from failure", async () => {
    const rerun = await client.pipelines.createRun(rg, factory, "CopySales", { referencePipelineRunId: state.run, isRecovery: true, startFromFailure: true });
    await waitFor(statusOf(rerun.runId), ["Succeeded"]);
    const run = await client.pipelineRuns.get(rg, factory, rerun.runId);
    assert(run.runGroupId === state.run && run.isLatest, [run.runGroupId, run.isLatest]);
    const names = (await client.activityRuns.queryByPipelineRun(rg, factory, rerun.runId, window())).value.map((a) => a.activityName);
    assert(!names.includes("ExtractSales") && names.includes("TransformSales"), names);
    return rerun.runId;
  }],
  ["query with filters and paging", async () => {
    for (let i = 0; i < 105; i++) await client.pipelines.createRun(rg, factory, "Hello");
    const query = { ...window(), filters: [{ operand: "PipelineName", operator: "Equals", values: ["Hello"] }], orderBy: [{ orderBy: "RunStart", order: "DESC" }] };
    const seen = new Set();
    let pages = 0;
    for (;;) {
      const page = await client.pipelineRuns.queryByFactory(rg, factory, query);
      pages++;
      for (const run of page.value) {
        assert(run.pipelineName === "Hello", run.pipelineName);
        seen.add(run.runId);
      }
      if (!page.continuationToken) break;
      query.continuationToken = page.continuationToken;
    }
    assert(seen.size === 105 && pages >= 2, [seen.size, pages]);
    return `${seen.size} runs in ${pages} pages`;
  }],
  ["recursive cancel", async () => {
    const parent = (await client.pipelines.createRun(rg, factory, "NightlyParent")).runId;
    const childQuery = { ...window(), filters: [{ operand: "PipelineName", operator: "Equals", values: ["NightlyChild"] }] };
    await waitFor(async () => {
      const child = (await client.pipelineRuns.queryByFactory(rg, factory, childQuery)).value.find((r) => r.invokedBy?.pipelineRunId === parent);
      state.child = child?.runId;
      return child ? "started" : "waiting";
    }, ["started"]);
    await client.pipelineRuns.cancel(rg, factory, parent, { isRecursive: true });
    await waitFor(statusOf(parent), ["Cancelled"]);
    await waitFor(statusOf(state.child), ["Cancelled"]);
    return state.child;
  }],
  ["a 404 with its code", async () => {
    try {
      await client.pipelines.get(rg, factory, "NoSuchPipeline");
    } catch (error) {
      assert(error.statusCode === 404 && error.code === "PipelineNotFound", [error.statusCode, error.code]);
      return error.code;
    }
    throw new Error("no error for a pipeline that does not exist");
  }],
  ["requests read back through the control API", async () => {
    const sent = (await controlApi("GET", "requests")).filter((r) => r.operation === "CreateRun");
    const agent = sent[0].headers["User-Agent"] ?? "";
    assert(agent.includes("azsdk-js-arm-datafactory"), agent);
    assert(sent[0].headers["x-ms-client-request-id"], sent[0].headers);
    assert(JSON.parse(sent[0].body).BatchSize === 500, sent[0].body);
    return agent;
  }],
];

(async () => {
  let failed = false;
  for (const [step, action] of steps) {
    if (failed) {
      console.log(JSON.stringify({ step, ok: false, detail: "not reached: an earlier step failed" }));
      continue;
    }
    try {
      const detail = await action();
      console.log(JSON.stringify({ step, ok: true, detail: detail === undefined ? "" : String(detail) }));
    } catch (error) {
      failed = true;
      console.log(JSON.stringify({ step, ok: false, detail: `${error.name}: ${error.message}`, trace: error.stack }));
    }
  }
  process.exitCode = failed ? 1 : 0;
})();
