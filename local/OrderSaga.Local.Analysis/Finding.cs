namespace OrderSaga.Local.Analysis;

/// <summary>One rule broken by a definition, with where (<c>States.ChargePayment.Catch[0].Next</c>) and why.</summary>
public sealed record Finding(string Rule, Severity Severity, string Location, string Message)
{
    public override string ToString() => $"{(Severity == Severity.Error ? "error" : "warning")} {Rule} at {Location}: {Message}";
}
