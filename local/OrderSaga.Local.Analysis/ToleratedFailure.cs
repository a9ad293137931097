namespace OrderSaga.Local.Analysis;

/// <summary>A Catch whose target is back on the forward path: the failure is accepted, nothing needs undoing.</summary>
public sealed record ToleratedFailure(string Location, string State, string RejoinsAt);
