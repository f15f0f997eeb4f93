using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AdfRuns.Emulator.Definitions;

internal static partial class PipelineLoader
{
    private const string SampleResourcePrefix = "SampleFactory/pipeline/";

    public static IReadOnlyList<PipelineDefinition> LoadSampleFactory() =>
        EnsureUniqueNames(SampleResources.Read(SampleResourcePrefix).Select(sample => Parse(sample.Json, sample.Source)).ToList());

    public static IReadOnlyList<PipelineDefinition> LoadFromPaths(IEnumerable<string> paths)
    {
        var definitions = new List<PipelineDefinition>();
        foreach (var path in paths)
        {
            foreach (var file in ExpandPath(path))
            {
                definitions.Add(Parse(File.ReadAllText(file, Encoding.UTF8), file));
            }
        }

        return EnsureUniqueNames(definitions);
    }

    private static IEnumerable<string> ExpandPath(string path)
    {
        if (File.Exists(path))
        {
            return new[] { Path.GetFullPath(path) };
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"Pipeline path '{path}' is neither a file nor a folder.", path);
        }

        var pipelineFolder = Path.Combine(path, "pipeline");
        var folder = Directory.Exists(pipelineFolder) ? pipelineFolder : path;
        return Directory.GetFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFullPath)
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static IReadOnlyList<PipelineDefinition> EnsureUniqueNames(List<PipelineDefinition> definitions)
    {
        var seen = new Dictionary<string, PipelineDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            if (seen.TryGetValue(definition.Name, out var earlier))
            {
                throw new InvalidDataException(
                    $"Pipeline '{definition.Name}' is defined twice: in '{earlier.Source}' and in '{definition.Source}'.");
            }

            seen[definition.Name] = definition;
        }

        return definitions;
    }

    public static PipelineDefinition Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            return Parse(document.RootElement, source);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{source}' is not valid JSON: {exception.Message}", exception);
        }
    }

    private static PipelineDefinition Parse(JsonElement root, string source)
    {
        InvalidDataException Invalid(string problem) =>
            new($"'{source}' is not a valid ADF pipeline definition: {problem}");

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("the document must be a JSON object like {\"name\": ..., \"properties\": {\"activities\": [...]}}.");
        }

        if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(nameElement.GetString()))
        {
            throw Invalid("it has no \"name\".");
        }

        var name = nameElement.GetString()!;
        if (!root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("it has no \"properties\" object.");
        }

        var activities = new List<ActivityDefinition>();
        if (properties.TryGetProperty("activities", out var activitiesElement))
        {
            if (activitiesElement.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("\"properties.activities\" must be an array.");
            }

            foreach (var activityElement in activitiesElement.EnumerateArray())
            {
                activities.Add(ParseActivity(activityElement, Invalid));
            }
        }

        var parameters = new List<ParameterDefinition>();
        if (properties.TryGetProperty("parameters", out var parametersElement)
            && parametersElement.ValueKind != JsonValueKind.Null)
        {
            if (parametersElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("\"properties.parameters\" must be an object.");
            }

            foreach (var parameter in parametersElement.EnumerateObject())
            {
                parameters.Add(ParseParameter(parameter, Invalid));
            }
        }

        ValidateGraph(activities, Invalid);
        return new PipelineDefinition(name, JsonText.Compact(properties), activities, parameters, source, ParseConcurrency(properties, Invalid));
    }

    private static ActivityDefinition ParseActivity(JsonElement element, Func<string, InvalidDataException> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw invalid("every activity must be an object.");
        }

        var name = RequiredString(element, "name", "an activity has no \"name\".", invalid);
        var type = RequiredString(element, "type", $"activity '{name}' has no \"type\".", invalid);
        var dependencies = new List<ActivityDependency>();
        if (element.TryGetProperty("dependsOn", out var dependsOn) && dependsOn.ValueKind == JsonValueKind.Array)
        {
            foreach (var dependency in dependsOn.EnumerateArray())
            {
                var upstream = RequiredString(dependency, "activity", $"a dependency of activity '{name}' has no \"activity\".", invalid);
                var conditions = new List<DependencyCondition>();
                if (dependency.TryGetProperty("dependencyConditions", out var conditionsElement)
                    && conditionsElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var condition in conditionsElement.EnumerateArray())
                    {
                        var text = condition.ValueKind == JsonValueKind.String ? condition.GetString() : null;
                        if (text is null || !Enum.TryParse<DependencyCondition>(text, ignoreCase: true, out var parsed))
                        {
                            throw invalid($"activity '{name}' has an unknown dependency condition {condition.GetRawText()} " +
                                "(expected Succeeded, Failed, Skipped or Completed).");
                        }

                        conditions.Add(parsed);
                    }
                }

                if (conditions.Count == 0)
                {
                    throw invalid($"the dependency of activity '{name}' on '{upstream}' has no dependencyConditions.");
                }

                dependencies.Add(new ActivityDependency(upstream, conditions));
            }
        }

        var typeProperties = element.TryGetProperty("typeProperties", out var typePropertiesElement)
            && typePropertiesElement.ValueKind == JsonValueKind.Object
            ? JsonText.Compact(typePropertiesElement)
            : "{}";
        var branches = element.TryGetProperty("typeProperties", out var inner) && inner.ValueKind == JsonValueKind.Object
            ? ParseBranches(name, ContainerKinds.Of(type), inner, invalid)
            : null;
        return new ActivityDefinition(name, type, dependencies, typeProperties, FoldUserProperties(element), branches);
    }

    private static string FoldUserProperties(JsonElement activity)
    {
        var folded = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        if (activity.TryGetProperty("userProperties", out var userProperties) && userProperties.ValueKind == JsonValueKind.Array)
        {
            foreach (var property in userProperties.EnumerateArray())
            {
                if (property.ValueKind == JsonValueKind.Object
                    && property.TryGetProperty("name", out var propertyName) && propertyName.ValueKind == JsonValueKind.String
                    && property.TryGetProperty("value", out var propertyValue))
                {
                    var key = propertyName.GetString()!;
                    if (!folded.ContainsKey(key))
                    {
                        order.Add(key);
                    }

                    folded[key] = JsonText.ToParameterString(propertyValue);
                }
            }
        }

        return JsonText.WriteObject(writer =>
        {
            foreach (var key in order)
            {
                writer.WriteString(key, folded[key]);
            }
        });
    }

    private static ParameterDefinition ParseParameter(JsonProperty parameter, Func<string, InvalidDataException> invalid)
    {
        if (parameter.Value.ValueKind != JsonValueKind.Object
            || !parameter.Value.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String
            || !Enum.TryParse<ParameterType>(typeElement.GetString(), ignoreCase: true, out var type)
            || !Enum.IsDefined(typeof(ParameterType), type))
        {
            throw invalid($"parameter '{parameter.Name}' needs a \"type\" of String, Int, Float, Bool, Array, Object or SecureString.");
        }

        string? defaultValue = null;
        if (parameter.Value.TryGetProperty("defaultValue", out var defaultElement))
        {
            defaultValue = defaultElement.GetRawText();
        }

        return new ParameterDefinition(parameter.Name, type, defaultValue);
    }

    private static int? ParseConcurrency(JsonElement properties, Func<string, InvalidDataException> invalid)
    {
        if (!properties.TryGetProperty("concurrency", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // The REST spec's bound (an integer, minimum 1); the emulator refuses other values rather than guess what the service does with them.
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var concurrency) && concurrency >= 1
            ? concurrency
            : throw invalid($"\"properties.concurrency\" must be a whole number of at least 1, not {element.GetRawText()}.");
    }

    private static string RequiredString(JsonElement element, string property, string problem, Func<string, InvalidDataException> invalid)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!;
        }

        throw invalid(problem);
    }

    private static void ValidateGraph(List<ActivityDefinition> activities, Func<string, InvalidDataException> invalid)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var activity in activities)
        {
            if (!names.Add(activity.Name))
            {
                throw invalid($"activity name '{activity.Name}' is used twice.");
            }
        }

        foreach (var activity in activities)
        {
            foreach (var dependency in activity.DependsOn)
            {
                if (!names.Contains(dependency.ActivityName))
                {
                    throw invalid($"activity '{activity.Name}' depends on '{dependency.ActivityName}', which does not exist.");
                }
            }
        }

        var resolved = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var progress = true;
        while (progress && resolved.Count < activities.Count)
        {
            progress = false;
            foreach (var activity in activities)
            {
                if (!resolved.Contains(activity.Name) && activity.DependsOn.All(d => resolved.Contains(d.ActivityName)))
                {
                    resolved.Add(activity.Name);
                    progress = true;
                }
            }
        }

        if (resolved.Count < activities.Count)
        {
            var cyclic = activities.Where(a => !resolved.Contains(a.Name)).Select(a => a.Name);
            throw invalid($"the dependencies form a cycle among: {string.Join(", ", cyclic)}.");
        }
    }
}
