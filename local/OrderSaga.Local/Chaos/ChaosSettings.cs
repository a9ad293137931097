namespace OrderSaga.Local.Chaos;

/// <summary>
/// Random faults the local cloud injects into the Task states' calls: each Lambda invocation and each DynamoDB
/// integration call fails with probability <see cref="Rate"/>, drawn from <see cref="Seed"/> so a run repeats.
/// </summary>
internal sealed record ChaosSettings(int Seed, double Rate)
{
    /// <summary>Null when the values are usable; otherwise what is wrong with them.</summary>
    public static string? Validate(double rate) =>
        double.IsFinite(rate) && rate is >= 0 and <= 1 ? null : $"the chaos rate must be a probability between 0 and 1, not {rate}";
}
