# The standalone emulator's and Fabric's parts of docs/benchmarks.md (dot-sourced by Write-BenchReport.ps1, which
# defines Add-Line, Format-Number, Get-Median and the results): their sections.

function Add-EmulatorProcessSection($process) {
    Add-Line "## 8. The standalone emulator: start to first request, and memory over $($process.Runs.ToString('N0', [cultureinfo]::InvariantCulture)) runs"
    Add-Line
    if ($process.Measured) {
        $p = $process
        Add-Line "``pwsh -Command ""Import-Module ...; Start-AdfEmulator -Https -ConnectionFile f -Wait""`` until curl (``--cacert``, the emulator's"
        Add-Line "certificate) has the answer to a factory GET over https, median of $($p.StartRuns) runs after a warm-up: **$(Format-Number (Get-Median $p.StartMilliseconds)) ms**"
        Add-Line "(each: $((@($p.StartMilliseconds) | ForEach-Object { Format-Number $_ }) -join ', ') ms; a pwsh process start and the module import included)."
        if (@($p.AzuriteStartMilliseconds).Count) {
            Add-Line "Reference, on the same machine in the same run: Azurite's blob service (npm ``azurite-blob --silent --disableTelemetry``, its documented command)"
            Add-Line "until its first answer, median **$(Format-Number (Get-Median $p.AzuriteStartMilliseconds)) ms**. Azurite's documentation gives no start time of its own."
        }
        else {
            Add-Line "Reference: Azurite's documentation gives its start command (``azurite``, or the Docker image) but no start time, and Azurite was not installed here$(if ($p.AzuriteError) { " ($($p.AzuriteError))" })."
        }
        Add-Line
        Add-Line "Memory: one standalone emulator (plain http, 0 s activities) receives $($p.Runs) ``createRun`` requests and half as many again, 16 in"
        Add-Line "flight, at $(Format-Number $p.CreateRunsPerSecond) runs/s; it keeps at most 10,000 runs and 100,000 logged requests (it kept $($p.RetainedRuns) runs at the end),"
        Add-Line 'so its working set grows with the request log up to 100,000 requests; the rows after that show how far it still grows.'
        Add-Line
        Add-Line '| runs created | working set |'
        Add-Line '|---|---|'
        foreach ($sample in @($p.MemorySamples)) { Add-Line ("| {0:N0} | {1:0} MiB |" -f $sample.Runs, $sample.WorkingSetMB) }
    }
    else {
        Add-Line "Failed: $($process.Error)"
    }

}

function Add-FabricSection($fabric) {
    Add-Line "## 10. Fabric: waiting on $($fabric.WaitRuns) runs, and $($fabric.StormStarts) starts under a RequestBlocked storm"
    Add-Line
    if ($fabric.Measured) {
        $f = $fabric
        $inv = [cultureinfo]::InvariantCulture
        Add-Line "A Fabric emulator in the measuring process (``Start-AdfEmulator -Fabric``; requests are counted, so sharing the CPU does not"
        Add-Line "matter). $($f.WaitRuns) runs of one pipeline (one $($f.ActivitySeconds.ToString($inv))-second activity each) were waited for with ``-PollingInterval`` $($f.PollingIntervalMs.ToString($inv)) ms:"
        Add-Line ("{0} finished ({1} succeeded, {2} errors) in {3} s over {4} polls with {5} requests ({6}), {7} requests per run per poll: the" -f $f.WaitFinished, $f.WaitSucceeded, $f.WaitErrors, (Format-Number $f.WaitSeconds '0.0'), $f.Polls, $f.WaitTotalRequests, (Format-RequestCount $f.Requests), (Format-Number $f.PerRunPerPoll '0.0000'))
        Add-Line 'job list of the pipeline (every active job and the 100 most recently finished) answers for all of its runs at once;'
        Add-Line ("the job lists alone cost {0} requests per run per poll. The runs all finish between two polls, so those beyond the list's 100" -f (Format-Number $f.ListsPerRunPerPoll '0.0000'))
        Add-Line 'most recently finished are read by a GET each, once: that burst is most of the cost, and weighs more the fewer polls a'
        Add-Line 'wait takes (shorter runs).'
        Add-Line
        Add-Line ("Then {0} starts with the first {1} job submits answered ``429 RequestBlocked`` (``Retry-After: 1``): {2} submits, {3} blocked; {4} jobs" -f $f.StormStarts, $f.StormFaults, $f.StormSubmits, $f.StormBlocked, $f.StormCreated)
        Add-Line ("created, {0} runs emitted, {1} duplicates, {2} created but not reported, {3} errors reaching the user, in {4} s." -f $f.StormEmitted, $f.StormDuplicates, $f.StormMissing, $f.StormErrors, (Format-Number $f.StormSeconds '0.0'))
    }
    else {
        Add-Line "Failed: $($fabric.Error)"
    }
    Add-Line
}
