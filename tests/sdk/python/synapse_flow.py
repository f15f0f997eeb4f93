"""The run flow with the official Synapse SDK (azure-synapse-artifacts), unmodified, against a Synapse emulator over
https, trusting its certificate through REQUESTS_CA_BUNDLE; outcomes scripted only through the control API.
Usage: python3 synapse_flow.py <connection file>"""
import json
import sys

from azure.core.exceptions import HttpResponseError
from azure.synapse.artifacts import ArtifactsClient
from azure.synapse.artifacts.models import RunFilterParameters, RunQueryFilter, RunQueryOrderBy

from emulator_support import Emulator, Steps, cancel_recursively, query_in_pages, wait_for, window

emulator = Emulator(sys.argv[1])
client = ArtifactsClient(emulator.credential, emulator.endpoint)
steps = Steps()
state = {}


def status_of(run_id):
    return lambda: client.pipeline_run.get_pipeline_run(run_id).status


def activity_names(run_id):
    after, before = window()
    return client.pipeline_run.query_activity_runs(
        "CopySales", run_id, RunFilterParameters(last_updated_after=after, last_updated_before=before)).value


def list_pipelines():
    names = [p.name for p in client.pipeline.get_pipelines_by_workspace()]
    assert "CopySales" in names and "NightlyParent" in names, names
    return len(names)


def get_pipeline():
    pipeline = client.pipeline.get_pipeline("CopySales")
    assert pipeline.parameters["BatchSize"].type == "Int", pipeline.parameters
    assert [a.name for a in pipeline.activities] == ["ExtractSales", "TransformSales", "LoadWarehouse"]
    return pipeline.id


def create_run():
    emulator.fail_activity("CopySales", "TransformSales", 1, "2011", "The sales file is corrupt.")
    created = client.pipeline.create_pipeline_run("CopySales", parameters={"Region": "EU", "Day": "2024-05-01", "BatchSize": 500})
    state["run"] = created.run_id
    return created.run_id


def get_run():
    run = client.pipeline_run.get_pipeline_run(state["run"])
    assert run.pipeline_name == "CopySales" and run.parameters["BatchSize"] == "500", run.parameters
    return run.status


def activity_runs():
    runs = activity_names(state["run"])
    failed = [a for a in runs if a.status == "Failed"]
    assert [a.activity_name for a in failed] == ["TransformSales"], [(a.activity_name, a.status) for a in runs]
    assert failed[0].error["errorCode"] == "2011" and "corrupt" in failed[0].error["message"], failed[0].error
    return failed[0].error["errorCode"]


def rerun_from_activity():
    rerun = client.pipeline.create_pipeline_run("CopySales", reference_pipeline_run_id=state["run"], is_recovery=True,
                                                start_activity_name="TransformSales")
    wait_for(status_of(rerun.run_id), {"Succeeded"})
    run = client.pipeline_run.get_pipeline_run(rerun.run_id)
    assert run.run_group_id == state["run"], run.run_group_id
    names = [a.activity_name for a in activity_names(rerun.run_id)]
    assert "ExtractSales" not in names and "TransformSales" in names, names
    return rerun.run_id


def query_with_paging():
    after, before = window()
    return query_in_pages(
        lambda: client.pipeline.create_pipeline_run("Hello"),
        client.pipeline_run.query_pipeline_runs_by_workspace,
        RunFilterParameters(last_updated_after=after, last_updated_before=before,
                            filters=[RunQueryFilter(operand="PipelineName", operator="Equals", values=["Hello"])],
                            order_by=[RunQueryOrderBy(order_by="RunStart", order="DESC")]))


def recursive_cancel():
    parent = client.pipeline.create_pipeline_run("NightlyParent").run_id
    after, before = window()
    child_query = RunFilterParameters(last_updated_after=after, last_updated_before=before, filters=[
        RunQueryFilter(operand="PipelineName", operator="Equals", values=["NightlyChild"])])

    # This SDK's PipelineRunInvokedBy has no pipelineRunId, so the child is the flow's only NightlyChild run.
    def find_child():
        children = client.pipeline_run.query_pipeline_runs_by_workspace(child_query).value
        return children[0].run_id if children else None

    return cancel_recursively(parent, find_child, lambda run_id: client.pipeline_run.cancel_pipeline_run(run_id, is_recursive=True), status_of)


def not_found():
    try:
        client.pipeline.get_pipeline("NoSuchPipeline")
    except HttpResponseError as error:
        body = json.loads(error.response.text())
        assert error.status_code == 404 and body["code"] == "PipelineNotFound", (error.status_code, body)
        return body["code"]
    raise AssertionError("no error for a pipeline that does not exist")


def requests_read_back():
    sent = [r for r in emulator.requests_sent() if r["operation"] == "CreateRun"]
    agent = sent[0]["headers"].get("User-Agent", "")
    assert "azsdk-python-synapse-artifacts" in agent, agent
    assert sent[0]["headers"].get("x-ms-client-request-id"), sent[0]["headers"]
    return agent


steps.run("list pipelines", list_pipelines)
steps.run("get pipeline", get_pipeline)
steps.run("createRun with typed parameters", create_run)
steps.run("get run", get_run)
steps.run("wait to Failed", lambda: wait_for(status_of(state["run"]), {"Failed"}))
steps.run("activity runs with the error", activity_runs)
steps.run("rerun from an activity", rerun_from_activity)
steps.run("query with filters and paging", query_with_paging)
steps.run("recursive cancel", recursive_cancel)
steps.run("a 404 with its code", not_found)
steps.run("requests read back through the control API", requests_read_back)
steps.exit()
