using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Gets the activity runs of pipeline runs, with each failed activity's error.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AdfActivityRun", DefaultParameterSetName = ByInputObjectSet)]
[OutputType(typeof(ActivityRun))]
public sealed class GetAdfActivityRunCommand : RunTargetBase
{
    private static readonly TimeSpan WindowMargin = TimeSpan.FromMinutes(5);

    /// <summary>Only these activities.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ActivityNameCompleter))]
    public string[]? ActivityName { get; set; }

    /// <summary>Only activity runs with these statuses.</summary>
    [Parameter]
    [ValidateRunStatus]
    [ArgumentCompleter(typeof(Completion.StatusCompleter))]
    public string[]? Status { get; set; }

    protected override void ProcessRecord()
    {
        var factory = ResolveFactory();
        foreach (var (input, runId, known) in Targets())
        {
            TryRun(input, async (client, pump, token) =>
            {
                var runStart = known?.RunStart;
                var runEnd = known?.RunEnd;
                var pipelineName = known?.PipelineName;
                if (known is null || runStart is null)
                {
                    var run = await client.GetRunAsync(factory, runId, token).ConfigureAwait(false);
                    runStart = run.RunStart;
                    runEnd = run.RunEnd;
                    pipelineName = run.PipelineName;
                }

                var now = DateTimeOffset.UtcNow;
                var query = new RunQuery((runStart ?? now.AddDays(-45)) - WindowMargin, (runEnd ?? now) + WindowMargin, Filters(), "ActivityRunStart");
                string? continuation = null;
                do
                {
                    var page = await client.QueryActivityRunsAsync(factory, runId, query, continuation, token, pipelineName).ConfigureAwait(false);
                    foreach (var item in page.Items)
                    {
                        var activity = new ActivityRun(item);
                        pump.Post(() => WriteObject(activity));
                    }

                    continuation = page.ContinuationToken;
                }
                while (continuation is not null);
            });
        }
    }

    private List<QueryFilter> Filters()
    {
        var filters = new List<QueryFilter>();
        if (ActivityName is { Length: > 0 })
        {
            filters.Add(new QueryFilter("ActivityName", "In", ActivityName));
        }

        if (Status is { Length: > 0 })
        {
            filters.Add(new QueryFilter("Status", "In", Status.Select(status => RunStatus.Normalize(status)).ToList()));
        }

        return filters;
    }
}
