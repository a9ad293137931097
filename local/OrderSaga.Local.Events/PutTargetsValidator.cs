using System.Text.RegularExpressions;

namespace OrderSaga.Local.Events;

/// <summary>PutTargets' request rules: target id syntax and length, at most 5 targets per rule, one input option, known placeholders.</summary>
public static partial class PutTargetsValidator
{
    public const int MaxTargetsPerRule = 5;
    private const int MaxIdLength = 64;

    /// <returns>null when the request is valid; otherwise AWS's error.</returns>
    public static AwsError? Validate(IReadOnlyList<EventTarget> targets, int otherTargetsOnRule = 0)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var violations = new List<string>();
        for (var i = 0; i < targets.Count; i++)
        {
            var id = targets[i].Id ?? string.Empty;
            if (id.Length > MaxIdLength)
            {
                violations.Add($"Value '{id}' at 'targets.{i + 1}.member.id' failed to satisfy constraint: Member must have length less than or equal to {MaxIdLength}");
            }

            if (!IdPattern().IsMatch(id))
            {
                violations.Add($"Value '{id}' at 'targets.{i + 1}.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
            }
        }

        if (violations.Count > 0)
        {
            var count = violations.Count == 1 ? "1 validation error" : $"{violations.Count} validation errors";
            return new AwsError("ValidationException", $"{count} detected: {string.Join("; ", violations)}");
        }

        if (targets.Count + otherTargetsOnRule > MaxTargetsPerRule)
        {
            return new AwsError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
        }

        foreach (var target in targets)
        {
            var options = (target.Input is null ? 0 : 1) + (target.InputPath is null ? 0 : 1) + (target.InputTransformer is null ? 0 : 1);
            if (options > 1)
            {
                return new AwsError("ValidationException", $"Only one of Input, InputPath, or InputTransformer must be provided for target {target.Id}.");
            }

            if (target.InputTransformer is { } transformer)
            {
                foreach (Match match in Placeholder().Matches(transformer.InputTemplate))
                {
                    var name = match.Groups[1].Value;
                    if (!transformer.InputPathsMap.ContainsKey(name) && !TargetInput.PredefinedVariables.Contains(name))
                    {
                        return new AwsError("ValidationException", $"InputTemplate for target {target.Id} contains invalid placeholder {name}.");
                    }
                }
            }
        }

        return null;
    }

    [GeneratedRegex("^[\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("<([^<>\"\\s]+)>")]
    private static partial Regex Placeholder();
}
