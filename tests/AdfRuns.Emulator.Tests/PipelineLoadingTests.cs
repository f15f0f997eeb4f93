using System.IO;
using Xunit;
using static AdfRuns.Emulator.Tests.PipelineJson;

namespace AdfRuns.Emulator.Tests;

public class PipelineLoadingTests
{
    [Fact]
    public void A_factory_git_folder_uses_its_pipeline_subfolder()
    {
        using var folder = new TempFolder();
        folder.Write("pipeline/Alpha.json", Build("Alpha", Activity("A")));
        folder.Write("dataset/NotAPipeline.json", "{\"name\":\"ds\",\"properties\":{\"type\":\"DelimitedText\"}}");
        folder.Write("factory/f.json", "{}");

        using var server = AdfEmulatorServer.Start(new EmulatorOptions { PipelinePaths = { folder.Path } });

        Assert.Equal(new[] { "Alpha" }, server.PipelineNames);
    }

    [Fact]
    public void A_plain_folder_and_single_files_can_be_combined()
    {
        using var folder = new TempFolder();
        folder.Write("plain/Beta.json", Build("Beta", Activity("B")));
        folder.Write("plain/Gamma.json", Build("Gamma", Activity("G")));
        var single = folder.Write("single/Delta.json", Build("Delta", Activity("D")));

        using var server = AdfEmulatorServer.Start(new EmulatorOptions { PipelinePaths = { Path.Combine(folder.Path, "plain"), single } });

        Assert.Equal(new[] { "Beta", "Gamma", "Delta" }, server.PipelineNames);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"properties\":{}}", "no \"name\"")]
    [InlineData("{\"name\":\"P\",\"properties\":{\"activities\":[{\"name\":\"A\",\"type\":\"Wait\",\"dependsOn\":[{\"activity\":\"Ghost\",\"dependencyConditions\":[\"Succeeded\"]}]}]}}", "'Ghost'")]
    [InlineData("{\"name\":\"P\",\"properties\":{\"activities\":[{\"name\":\"A\",\"type\":\"Wait\",\"dependsOn\":[{\"activity\":\"B\",\"dependencyConditions\":[\"Succeeded\"]}]},{\"name\":\"B\",\"type\":\"Wait\",\"dependsOn\":[{\"activity\":\"A\",\"dependencyConditions\":[\"Succeeded\"]}]}]}}", "cycle")]
    [InlineData("{\"name\":\"P\",\"properties\":{\"activities\":[{\"name\":\"A\",\"type\":\"Wait\",\"dependsOn\":[{\"activity\":\"A\",\"dependencyConditions\":[\"Sometimes\"]}]}]}}", "Sometimes")]
    [InlineData("{\"name\":\"P\",\"properties\":{\"parameters\":{\"X\":{\"type\":\"Decimal\"}}}}", "'X'")]
    public void An_invalid_file_fails_start_with_a_message_naming_the_file(string content, string expectedFragment)
    {
        using var folder = new TempFolder();
        var file = folder.Write("broken.json", content);

        var error = Assert.Throws<InvalidDataException>(() => AdfEmulatorServer.Start(new EmulatorOptions { PipelinePaths = { file } }));

        Assert.Contains(file, error.Message);
        Assert.Contains(expectedFragment, error.Message);
    }

    [Fact]
    public void A_missing_path_and_duplicate_names_are_reported()
    {
        using var folder = new TempFolder();
        Assert.Throws<FileNotFoundException>(() => AdfEmulatorServer.Start(new EmulatorOptions { PipelinePaths = { Path.Combine(folder.Path, "nope") } }));

        var one = folder.Write("a/P.json", Build("P", Activity("A")));
        var two = folder.Write("b/P.json", Build("p", Activity("A")));
        var duplicate = Assert.Throws<InvalidDataException>(() => AdfEmulatorServer.Start(new EmulatorOptions { PipelinePaths = { one, two } }));
        Assert.Contains("twice", duplicate.Message);
    }

    [Fact]
    public void The_sample_factory_has_the_documented_pipelines()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions());

        Assert.Equal(
            new[] { "CopySales", "Depth1", "Depth2", "Depth3", "Depth4", "Depth5", "ErrorHandling", "FanOutChild", "FanOutGrandchild", "FanOutParent", "Hello", "NightlyChild", "NightlyParent", "ParameterTypes", "WindowLoad" },
            server.PipelineNames);
    }
}
