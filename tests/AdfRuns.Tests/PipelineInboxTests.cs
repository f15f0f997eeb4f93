using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using AdfRuns.Threading;
using Xunit;

namespace AdfRuns.Tests;

public sealed class PipelineInboxTests
{
    // Far longer than any wake-up takes: a sleep that lasts this long means the wake-up was lost.
    private const int LostWakeUp = 30_000;

    [Fact]
    public void Runs_posted_actions_on_the_calling_thread_in_the_order_they_were_posted()
    {
        var inbox = new PipelineInbox();
        var seen = new List<(int Value, int Thread)>();
        var producer = StartThread(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var value = i;
                inbox.Post(() => seen.Add((value, Environment.CurrentManagedThreadId)));
            }
        });
        producer.Join();

        inbox.RunQueued();

        Assert.Equal(100, seen.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, seen[i].Value);
            Assert.Equal(Environment.CurrentManagedThreadId, seen[i].Thread);
        }
    }

    [Fact]
    public void A_post_wakes_the_sleeping_pipeline_thread()
    {
        var inbox = new PipelineInbox();
        var ran = false;
        var producer = StartThread(() =>
        {
            Thread.Sleep(50);
            inbox.Post(() => ran = true);
        });

        var watch = Stopwatch.StartNew();
        inbox.Sleep(() => false, LostWakeUp);
        inbox.RunQueued();
        producer.Join();

        Assert.True(ran);
        Assert.True(watch.ElapsedMilliseconds < LostWakeUp / 2, "the sleep ended by its timeout, not by the post");
    }

    [Fact]
    public void A_signal_wakes_the_sleeper_to_look_at_its_condition_again()
    {
        var inbox = new PipelineInbox();
        var done = 0;
        var worker = StartThread(() =>
        {
            Thread.Sleep(50);
            Volatile.Write(ref done, 1);
            inbox.Signal();
        });

        var watch = Stopwatch.StartNew();
        while (Volatile.Read(ref done) == 0)
        {
            inbox.Sleep(() => Volatile.Read(ref done) != 0, LostWakeUp);
        }

        worker.Join();
        Assert.True(watch.ElapsedMilliseconds < LostWakeUp / 2, "the sleep ended by its timeout, not by the signal");
    }

    [Fact]
    public void Does_not_sleep_when_the_condition_already_holds_or_work_is_queued()
    {
        var inbox = new PipelineInbox();
        var watch = Stopwatch.StartNew();
        inbox.Sleep(() => true, LostWakeUp);
        inbox.Post(() => { });
        inbox.Sleep(() => false, LostWakeUp);

        Assert.True(watch.ElapsedMilliseconds < LostWakeUp / 2);
    }

    [Fact]
    public void Ignores_posts_once_closed_and_does_not_sleep_after()
    {
        var inbox = new PipelineInbox();
        var ran = 0;
        inbox.Post(() => ran++);
        inbox.Close();
        inbox.Post(() => ran += 10);

        inbox.Sleep(() => false, LostWakeUp);
        inbox.RunQueued();

        Assert.Equal(1, ran);
    }

    [Fact]
    public void Runs_until_done_including_what_was_posted_just_before()
    {
        var inbox = new PipelineInbox();
        var ran = new List<int>();
        var done = 0;
        var worker = StartThread(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                var value = i;
                inbox.Post(() => ran.Add(value));
            }

            Volatile.Write(ref done, 1);
            inbox.Signal();
        });

        inbox.RunUntil(() => Volatile.Read(ref done) != 0);
        worker.Join();

        Assert.Equal(1_000, ran.Count);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(i, ran[i]);
        }
    }

    [Fact]
    public void Loses_no_action_and_no_wake_up_among_many_producers()
    {
        const int producerCount = 8;
        const int actionsPerProducer = 5_000;
        var inbox = new PipelineInbox();
        var count = 0;
        var finished = 0;
        var producers = new Thread[producerCount];
        for (var p = 0; p < producerCount; p++)
        {
            producers[p] = StartThread(() =>
            {
                for (var i = 0; i < actionsPerProducer; i++)
                {
                    inbox.Post(() => count++);
                }

                Interlocked.Increment(ref finished);
                inbox.Signal();
            });
        }

        var watch = Stopwatch.StartNew();
        while (Volatile.Read(ref finished) < producerCount)
        {
            inbox.RunQueued();
            inbox.Sleep(() => Volatile.Read(ref finished) == producerCount, LostWakeUp);
        }

        inbox.RunQueued();
        foreach (var producer in producers)
        {
            producer.Join();
        }

        Assert.Equal(producerCount * actionsPerProducer, count);
        Assert.True(watch.ElapsedMilliseconds < LostWakeUp / 2, "a wake-up was lost");
    }

    // The inbox serves a thread that blocks (PowerShell's pipeline thread), so the tests use plain threads too.
    private static Thread StartThread(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
