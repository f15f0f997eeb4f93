<#
.SYNOPSIS
    A user's own nightly-load script built on AdfRuns: the kind of code MyEtl.Tests.ps1 shows how to test offline.

.DESCRIPTION
    Dot-source this file to get Invoke-NightlyLoad:

        . ./MyEtl.ps1
        Connect-AdfAccount -Identity -SubscriptionId $sub -ResourceGroupName rg-data-prod -FactoryName adf-sales-prod
        Invoke-NightlyLoad -Day 2026-11-25

    It expects AdfRuns to be imported (Import-Module AdfRuns) and a connection made with Connect-AdfAccount.
#>


function Invoke-NightlyLoad {
    <#
    .SYNOPSIS
        Runs the CopySales load for one day, and reruns it once from the failed activity if it fails.

    .DESCRIPTION
        Starts the CopySales pipeline for the day (and region), waits for the run, and when it failed, warns
        with the failed activities' errors and reruns it once from its failed activities, in the same run
        group. Writes the final run: the first run when it succeeded, else the rerun. When the final run did
        not succeed, also writes a non-terminating error naming it.

    .PARAMETER Day
        The day to load, as yyyy-MM-dd (the pipeline's Day parameter). Default: yesterday.

    .PARAMETER Region
        The region to load (the pipeline's Region parameter). Default: emea.

    .PARAMETER BatchSize
        Rows per batch (the pipeline's BatchSize parameter). Default: 500.

    .PARAMETER PipelineName
        The pipeline to run. Default: CopySales.

    .PARAMETER Timeout
        How long to wait for each of the run and its rerun. Default: 1 hour.

    .PARAMETER PollingInterval
        How often to ask for the run's status. Default: 15 seconds; make it short in tests.

    .EXAMPLE
        Invoke-NightlyLoad -Day 2026-11-25

        Loads 25 November 2026 for EMEA.

    .EXAMPLE
        $run = Invoke-NightlyLoad -Day 2026-11-25 -Region apac -BatchSize 250 -ErrorAction Stop
        "Loaded in $($run.Duration) (run $($run.RunId), group $($run.RunGroupId))"

        Stops the script when the load did not succeed even after its rerun.

    .OUTPUTS
        AdfRuns.PipelineRun. The final run, in its terminal state (or its last state if the wait timed out).
    #>
    [CmdletBinding()]
    [OutputType('AdfRuns.PipelineRun')]
    param(
        [ValidatePattern('^\d{4}-\d{2}-\d{2}$')]
        [string] $Day = (Get-Date).AddDays(-1).ToString('yyyy-MM-dd'),

        [ValidateSet('emea', 'apac', 'amer')]
        [string] $Region = 'emea',

        [ValidateRange(1, 100000)]
        [int] $BatchSize = 500,

        [string] $PipelineName = 'CopySales',

        [TimeSpan] $Timeout = '01:00:00',

        [TimeSpan] $PollingInterval = '00:00:15'
    )

    $wait = @{ Wait = $true; Timeout = $Timeout; PollingInterval = $PollingInterval }
    $parameters = @{ Day = $Day; Region = $Region; BatchSize = $BatchSize }

    Write-Verbose "Starting $PipelineName for $Day ($Region)."
    $run = Start-AdfPipelineRun -PipelineName $PipelineName -Parameter $parameters @wait
    if (-not $run) { return }   # not started: the cmdlet has written why

    if ($run.Status -eq 'Failed') {
        foreach ($activity in $run | Get-AdfActivityRun -Status Failed) {
            Write-Warning "$PipelineName $Day failed at $($activity.ActivityName): $($activity.Error.Message). Rerunning from the failure."
        }
        $run = $run | Restart-AdfPipelineRun -FromFailure @wait
    }

    if ($run -and $run.Status -ne 'Succeeded') {
        Write-Error -Message "$PipelineName for $Day ended $($run.Status) (run $($run.RunId)): $($run.Message)" `
            -Category InvalidResult -ErrorId 'NightlyLoadFailed' -TargetObject $run
    }
    $run
}
