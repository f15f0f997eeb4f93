"""The run flow with the official Data Factory SDK (azure-mgmt-datafactory), unmodified, against the emulator over
https, trusting its certificate through REQUESTS_CA_BUNDLE; outcomes scripted only through the control API.
Usage: python3 adf_flow.py <connection file>"""
import sys

from azure.core.exceptions import HttpResponseError
from azure.mgmt.datafactory import DataFactoryManagementClient
from azure.mgmt.datafactory.models import RunFilterParameters, RunQueryFilter, RunQueryOrderBy

from emulator_support import Emulator, Steps, cancel_recursively, query_in_pages, wait_for, window

emulator = Emulator(sys.argv[1])
facts = emulator.facts
rg, factory = facts["resourceGroupName"], facts["factoryName"]
client = DataFactoryManagementClient(emulator.credential, facts["subscriptionId"], base_url=emulator.endpoint)
steps = Steps()
state = {}


def status_of(run_id):
    return lambda: client.pipeline_runs.get(rg, factory, run_id).status


def get_factory():
    found = client.factories.get(rg, factory)
    assert found.name == factory, found.name
    return found.id


def list_pipelines():
    names = [p.name for p in client.pipelines.list_by_factory(rg, factory)]
    assert "CopySales" in names and "NightlyParent" in names, names
    return len(names)


def get_pipeline():
    pipeline = client.pipelines.get(rg, factory, "CopySales")
    assert pipeline.parameters["BatchSize"].type == "Int", pipeline.parameters
    assert [a.name for a in pipeline.activities] == ["ExtractSales", "TransformSales", "LoadWarehouse"]
    return pipeline.id


def create_run():
    emulator.fail_activity("CopySales", "TransformSales", 1, "2011", "The sales file is corrupt.")
    created = client.pipelines.create_run(rg, factory, "CopySales",
                                          parameters={"Region": "EU", "Day": "2024-05-01", "BatchSize": 500})
    state["run"] = created.run_id
    return created.run_id


def get_run():
    run = client.pipeline_runs.get(rg, factory, state["run"])
    assert run.pipeline_name == "CopySales" and run.parameters["BatchSize"] == "500", run.parameters
    return run.status


def wait_failed():
    return wait_for(status_of(state["run"]), {"Failed"})


def activity_runs():
    after, before = window()
    runs = client.activity_runs.query_by_pipeline_run(
        rg, factory, state["run"], RunFilterParameters(last_updated_after=after, last_updated_before=before)).value
    failed = [a for a in runs if a.status == "Failed"]
    assert [a.activity_name for a in failed] == ["TransformSales"], [(a.activity_name, a.status) for a in runs]
    assert failed[0].error["errorCode"] == "2011" and "corrupt" in failed[0].error["message"], failed[0].error
    return failed[0].error["errorCode"]


def rerun_from_failure():
    rerun = client.pipelines.create_run(rg, factory, "CopySales", reference_pipeline_run_id=state["run"],
                                        is_recovery=True, start_from_failure=True)
    wait_for(status_of(rerun.run_id), {"Succeeded"})
    run = client.pipeline_runs.get(rg, factory, rerun.run_id)
    assert run.run_group_id == state["run"] and run.is_latest, (run.run_group_id, run.is_latest)
    after, before = window()
    names = [a.activity_name for a in client.activity_runs.query_by_pipeline_run(
        rg, factory, rerun.run_id, RunFilterParameters(last_updated_after=after, last_updated_before=before)).value]
    assert "ExtractSales" not in names and "TransformSales" in names, names
    return rerun.run_id


def query_with_paging():
    after, before = window()
    return query_in_pages(
        lambda: client.pipelines.create_run(rg, factory, "Hello"),
        lambda query: client.pipeline_runs.query_by_factory(rg, factory, query),
        RunFilterParameters(last_updated_after=after, last_updated_before=before,
                            filters=[RunQueryFilter(operand="PipelineName", operator="Equals", values=["Hello"])],
                            order_by=[RunQueryOrderBy(order_by="RunStart", order="DESC")]))


def recursive_cancel():
    parent = client.pipelines.create_run(rg, factory, "NightlyParent").run_id
    after, before = window()
    child_query = RunFilterParameters(last_updated_after=after, last_updated_before=before, filters=[
        RunQueryFilter(operand="PipelineName", operator="Equals", values=["NightlyChild"])])

    def find_child():
        children = [r.run_id for r in client.pipeline_runs.query_by_factory(rg, factory, child_query).value
                    if r.invoked_by and r.invoked_by.pipeline_run_id == parent]
        return children[0] if children else None

    return cancel_recursively(parent, find_child, lambda run_id: client.pipeline_runs.cancel(rg, factory, run_id, is_recursive=True), status_of)


def not_found():
    try:
        client.pipelines.get(rg, factory, "NoSuchPipeline")
    except HttpResponseError as error:
        assert error.status_code == 404 and error.error.code == "PipelineNotFound", (error.status_code, error.error)
        return error.error.code
    raise AssertionError("no error for a pipeline that does not exist")


def requests_read_back():
    sent = [r for r in emulator.requests_sent() if r["operation"] == "CreateRun"]
    first = sent[0]
    agent = first["headers"].get("User-Agent", "")
    assert "azsdk-python-mgmt-datafactory" in agent, agent
    assert first["headers"].get("x-ms-client-request-id"), first["headers"]
    assert '"BatchSize": 500' in first["body"] or '"BatchSize":500' in first["body"], first["body"]
    return agent


steps.run("get factory", get_factory)
steps.run("list pipelines", list_pipelines)
steps.run("get pipeline", get_pipeline)
steps.run("createRun with typed parameters", create_run)
steps.run("get run", get_run)
steps.run("wait to Failed", wait_failed)
steps.run("activity runs with the error", activity_runs)
steps.run("rerun from failure", rerun_from_failure)
steps.run("query with filters and paging", query_with_paging)
steps.run("recursive cancel", recursive_cancel)
steps.run("a 404 with its code", not_found)
steps.run("requests read back through the control API", requests_read_back)
steps.exit()
